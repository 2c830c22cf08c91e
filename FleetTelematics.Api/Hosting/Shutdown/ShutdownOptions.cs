using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Hosting.Shutdown;

/// <summary>
/// How the API leaves a load balancer's rotation when it is told to stop (SIGTERM), bound from <c>Shutdown</c>:
/// first it reports not ready for <see cref="DrainDelay"/> while still serving, then it stops listening and gives
/// the requests in flight <see cref="Timeout"/> to complete.
/// </summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long <c>/health/ready</c> answers 503 while the server keeps accepting: long enough for the balancer's
    /// readiness probe (or nginx's failures, or Kubernetes' endpoint removal) to stop sending new requests here.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Shutdown__DrainDelay must be between 00:00:00 and 00:05:00.")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain: how long the requests in flight may take before the server aborts them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Shutdown__Timeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
