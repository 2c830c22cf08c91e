using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

/// <summary>Builds telemetry batches as a gateway sends them, and reads the answers.</summary>
internal static class IngestClient
{
    private static int _unique;

    public static string NewId(string kind) => $"{kind}-{Environment.ProcessId}-{Interlocked.Increment(ref _unique)}";

    public static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    public static Dictionary<string, object?> Trip(string externalId, DateTime startedAt, DateTime? endedAt = null, decimal? distanceKm = null,
        string driverId = "DRV-0001", string vehicleId = "VEH-0001") => new()
    {
        ["external_id"] = externalId,
        ["driver_id"] = driverId,
        ["vehicle_id"] = vehicleId,
        ["started_at"] = Utc(startedAt),
        ["ended_at"] = endedAt is { } ended ? Utc(ended) : null,
        ["distance_km"] = distanceKm,
    };

    public static Dictionary<string, object?> Event(string externalId, string tripExternalId, DateTime occurredAt,
        string type = "harsh_braking", string severity = "medium", decimal? speedKmh = 42.5m) => new()
    {
        ["external_id"] = externalId,
        ["trip_external_id"] = tripExternalId,
        ["type"] = type,
        ["severity"] = severity,
        ["occurred_at"] = Utc(occurredAt),
        ["speed_kmh"] = speedKmh,
    };

    public static Task<HttpResponseMessage> PostTripsAsync(this HttpClient client, params object[] trips) =>
        client.PostAsJsonAsync("/api/v1/ingest/trips", new { trips });

    public static Task<HttpResponseMessage> PostEventsAsync(this HttpClient client, params object[] events) =>
        client.PostAsJsonAsync("/api/v1/ingest/safety-events", new { events });

    public static async Task<JsonElement> ShouldBeJudgedAsync(this HttpResponseMessage response, int accepted, int duplicates, int rejected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var answer = JsonDocument.Parse(body).RootElement;
        answer.GetProperty("accepted").GetInt32().Should().Be(accepted, body);
        answer.GetProperty("duplicates").GetInt32().Should().Be(duplicates, body);
        answer.GetProperty("rejected").GetArrayLength().Should().Be(rejected, body);
        return answer;
    }

    /// <summary>The reasons given for the rejected record at <paramref name="index"/>, by field.</summary>
    public static JsonElement ErrorsOf(this JsonElement answer, int index) =>
        answer.GetProperty("rejected").EnumerateArray().Single(r => r.GetProperty("index").GetInt32() == index).GetProperty("errors");
}
