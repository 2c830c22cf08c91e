using System.Globalization;

namespace FleetTelematics.Api.Simulation;

/// <summary>
/// <c>simulate --url URL --vehicles N --rate R [--seed N] [--duration SECONDS] [--username U --password P]
/// [--reader-username U --reader-password P]</c>; the logins default to the Development users.
/// </summary>
public sealed record SimulatorOptions(
    Uri Url,
    int Vehicles,
    double Rate,
    int Seed,
    TimeSpan? Duration,
    GatewayCredentials Gateway,
    GatewayCredentials Reader)
{
    public const string Usage =
        "simulate --url URL [--vehicles N] [--rate RECORDS_PER_SECOND] [--seed N] [--duration SECONDS] " +
        "[--username U --password P] [--reader-username U --reader-password P]";

    /// <summary>How often due records are sent, as one request per kind.</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often progress is logged.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(10);

    public static bool TryParse(IReadOnlyDictionary<string, string?> options, out SimulatorOptions parsed, out string error)
    {
        parsed = null!;
        string Text(string name, string fallback) => options.GetValueOrDefault(name) ?? fallback;
        if (!Uri.TryCreate(Text("url", "http://localhost:8080"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            error = $"--url takes an http(s) address such as http://localhost:8080, not '{options.GetValueOrDefault("url")}'";
            return false;
        }

        if (!int.TryParse(Text("vehicles", "50"), NumberStyles.None, CultureInfo.InvariantCulture, out var vehicles) || vehicles is < 1 or > 10_000)
        {
            error = "--vehicles takes a whole number from 1 to 10,000";
            return false;
        }

        if (!double.TryParse(Text("rate", "20"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate is <= 0 or > 10_000)
        {
            error = "--rate takes records per second, more than 0 and at most 10,000";
            return false;
        }

        var seed = Environment.TickCount;
        if (options.GetValueOrDefault("seed") is { } seedText && !int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            error = $"--seed takes a whole number, not '{seedText}'";
            return false;
        }

        TimeSpan? duration = null;
        if (options.GetValueOrDefault("duration") is { } durationText)
        {
            if (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                error = $"--duration takes a whole number of seconds, not '{durationText}'";
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
        }

        parsed = new SimulatorOptions(url, vehicles, rate, seed, duration,
            new GatewayCredentials(Text("username", "gateway"), Text("password", "fleet-gateway-dev")),
            new GatewayCredentials(Text("reader-username", "viewer"), Text("reader-password", "fleet-viewer-dev")));
        error = "";
        return true;
    }
}
