using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>Telemetry ingestion settings, bound from <c>Ingestion</c>.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Records per batch, as the contract says.</summary>
    public const int MaxRecordsPerBatch = 5_000;

    /// <summary>How far ahead of the server's clock a record may lie: a gateway's clock drifts, a trip cannot start tomorrow.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public const decimal MaxTripDistanceKm = 2_000m;

    public const decimal MaxSpeedKmh = 400m;

    /// <summary>
    /// How old a record may be. A gateway that was offline delivers days late; a record from years ago is a clock that
    /// reset (1970, 2000), and storing it would reopen months that retention has pruned.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan MaxRecordAge { get; set; } = TimeSpan.FromDays(30);
}
