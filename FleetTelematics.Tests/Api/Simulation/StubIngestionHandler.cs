using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Api.Simulation;

/// <summary>
/// The ingestion endpoints as the contract describes them, in memory, behind an <see cref="HttpMessageHandler"/>: it
/// stores trips and events by external id, answers accepted / duplicates / rejected, and checks what a record must be
/// (valid ids, UTC timestamps with Z, an event's trip known before the event). Tests queue faults for the next posts.
/// </summary>
public sealed partial class StubIngestionHandler : HttpMessageHandler
{
    private readonly Dictionary<string, JsonElement> _trips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Fault> _faults = new();

    public enum Fault
    {
        /// <summary>Answered as the contract says.</summary>
        None,

        /// <summary>503 without storing anything.</summary>
        Unavailable,

        /// <summary>The connection drops before anything is stored.</summary>
        ConnectionLost,

        /// <summary>The batch is stored, then the connection drops before the answer: the gateway must send it again.</summary>
        AnswerLost,

        /// <summary>401: the token expired.</summary>
        Unauthorized,
    }

    public List<string> Bodies { get; } = [];

    public int Logins { get; private set; }

    public IReadOnlyList<(string DriverId, string? VehicleId)> Drivers { get; init; } = [("DRV-0001", "VEH-0001"), ("DRV-0002", "VEH-0002")];

    public IReadOnlyDictionary<string, JsonElement> Trips => _trips;

    public IReadOnlyDictionary<string, JsonElement> Events => _events;

    public void FailNext(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_trips)
        {
            if (path == "/api/v1/auth/token")
            {
                Logins++;
                return Json(HttpStatusCode.OK, new { access_token = $"token-{Logins}", token_type = "bearer", expires_in = 3600 });
            }

            if (path == "/api/v1/admin/drivers")
            {
                return Json(HttpStatusCode.OK, Drivers.Select(d => new { driver_id = d.DriverId, vehicle_id = d.VehicleId, status = "active" }));
            }

            Bodies.Add(body);
            _faults.TryDequeue(out var fault);
            switch (fault)
            {
                case Fault.Unavailable:
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                case Fault.ConnectionLost:
                    throw new HttpRequestException("connection reset");
                case Fault.Unauthorized:
                    return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }

            var answer = path switch
            {
                "/api/v1/ingest/trips" => Ingest(JsonDocument.Parse(body).RootElement.GetProperty("trips"), IngestTrip),
                "/api/v1/ingest/safety-events" => Ingest(JsonDocument.Parse(body).RootElement.GetProperty("events"), IngestEvent),
                _ => throw new InvalidOperationException($"unexpected request {request.Method} {path}"),
            };
            return fault == Fault.AnswerLost ? throw new HttpRequestException("connection reset after the commit") : Json(HttpStatusCode.OK, answer);
        }
    }

    private static object Ingest(JsonElement records, Func<JsonElement, string?> ingest)
    {
        var (accepted, duplicates, rejected) = (0, 0, new List<object>());
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            var outcome = ingest(record);
            if (outcome == "accepted")
            {
                accepted++;
            }
            else if (outcome == "duplicate")
            {
                duplicates++;
            }
            else
            {
                rejected.Add(new { index, external_id = record.GetProperty("external_id").GetString(), errors = new Dictionary<string, string[]> { ["record"] = [outcome!] } });
            }

            index++;
        }

        return new { accepted, duplicates, rejected };
    }

    private string? IngestTrip(JsonElement trip)
    {
        var id = trip.GetProperty("external_id").GetString()!;
        if (!ExternalId().IsMatch(id) || !IsUtc(trip, "started_at") || (trip.GetProperty("ended_at").ValueKind != JsonValueKind.Null && !IsUtc(trip, "ended_at")))
        {
            return "malformed";
        }

        if (_trips.TryGetValue(id, out var known))
        {
            if (known.GetRawText() == trip.GetRawText())
            {
                return "duplicate";
            }

            if (known.GetProperty("ended_at").ValueKind != JsonValueKind.Null)
            {
                return "a completed trip cannot change";
            }
        }

        _trips[id] = trip.Clone();
        return "accepted";
    }

    private string? IngestEvent(JsonElement safetyEvent)
    {
        var id = safetyEvent.GetProperty("external_id").GetString()!;
        if (!ExternalId().IsMatch(id) || !IsUtc(safetyEvent, "occurred_at"))
        {
            return "malformed";
        }

        if (!_trips.ContainsKey(safetyEvent.GetProperty("trip_external_id").GetString()!))
        {
            return "unknown trip";
        }

        if (_events.ContainsKey(id))
        {
            return "duplicate";
        }

        _events[id] = safetyEvent.Clone();
        return "accepted";
    }

    private static bool IsUtc(JsonElement record, string property) =>
        record.GetProperty(property).GetString() is { } text && text.EndsWith('Z') && DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex ExternalId();
}
