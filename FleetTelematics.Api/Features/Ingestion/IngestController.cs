using FleetTelematics.Api.Errors;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Telemetry from vehicle gateways: trips and safety events in batches, delivered at least once. Each record is
/// judged on its own; the valid ones are durable in PostgreSQL when the answer is 200, and show on the dashboards,
/// the driver list and their drivers' details within <c>Caching__IngestStaleness</c> (default 5 s).
/// </summary>
[ApiController]
[Route("api/v1/ingest")]
[Authorize(Policy = Policies.Ingest)]
[Consumes("application/json")]
[ProducesResponseType<IngestResponse>(StatusCodes.Status200OK)]
[ProducesResponseType<ApiValidationProblem>(StatusCodes.Status400BadRequest, "application/problem+json")]
[ProducesResponseType<ApiProblem>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
public sealed class IngestController(TelemetryIngestion ingestion) : ControllerBase
{
    /// <summary>
    /// Stores trips: a trip is sent when it starts (<c>ended_at</c> and <c>distance_km</c> null) and again, with the same
    /// <c>external_id</c>, when it ends. The same record again is a duplicate, and so is a trip's start arriving after
    /// its end; any other change of a stored trip is rejected. Records must not lie more than 5 minutes in the future
    /// or more than <c>Ingestion__MaxRecordAge</c> (default 30 days) in the past; <c>distance_km</c> is 0–2,000 km,
    /// rounded to 2 decimals. A new trip needs an existing, not archived driver and an existing vehicle; the end of a
    /// trip already stored is accepted whatever became of its driver.
    /// </summary>
    /// <response code="200">The batch was judged: accepted records are durable; `rejected` lists the others with their reasons.</response>
    /// <response code="400">The body is not a trip batch (not JSON, wrong shape, an unknown field, no records); nothing was stored.</response>
    /// <response code="413">The body is larger than 4 MB or holds more than 5,000 records; nothing was stored.</response>
    [HttpPost("trips")]
    [EndpointName("ingestTrips")]
    public async Task<IActionResult> Trips([FromBody] TripBatchRequest? batch) =>
        Refusal(batch?.Trips, "trips") ?? Ok(await ingestion.IngestTripsAsync(batch!.Trips!));

    /// <summary>
    /// Stores safety events, each attached to a trip already ingested (<c>trip_external_id</c>); the event's driver is
    /// the trip's. The same record again is a duplicate; an <c>external_id</c> already used by a different event is
    /// rejected. <c>speed_kmh</c> is 0–400 or null, rounded to 1 decimal; times follow the same window as trips.
    /// </summary>
    /// <response code="200">The batch was judged: accepted records are durable; `rejected` lists the others with their reasons.</response>
    /// <response code="400">The body is not a safety event batch (not JSON, wrong shape, an unknown field, no records); nothing was stored.</response>
    /// <response code="413">The body is larger than 4 MB or holds more than 5,000 records; nothing was stored.</response>
    [HttpPost("safety-events")]
    [EndpointName("ingestSafetyEvents")]
    public async Task<IActionResult> SafetyEvents([FromBody] SafetyEventBatchRequest? batch) =>
        Refusal(batch?.Events, "events") ?? Ok(await ingestion.IngestSafetyEventsAsync(batch!.Events!));

    private IActionResult? Refusal<T>(IReadOnlyList<T>? records, string field) => records switch
    {
        null => this.ValidationResponse(RecordErrors.Single(field, $"The body must be a JSON object with an array `{field}` of 1 to {IngestionOptions.MaxRecordsPerBatch:N0} records.")),
        { Count: 0 } => this.ValidationResponse(RecordErrors.Single(field, $"`{field}` holds no records; send 1 to {IngestionOptions.MaxRecordsPerBatch:N0}.")),
        { Count: > IngestionOptions.MaxRecordsPerBatch } => this.ProblemResponse(StatusCodes.Status413PayloadTooLarge,
            $"The batch holds {records.Count:N0} records; send at most {IngestionOptions.MaxRecordsPerBatch:N0} per request."),
        _ => null,
    };
}
