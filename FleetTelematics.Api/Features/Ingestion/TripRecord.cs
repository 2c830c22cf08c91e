namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// A trip as a gateway reports it: once when it starts (<c>ended_at</c> and <c>distance_km</c> null) and again when
/// it ends. Fields are read loosely (text, nullable) so that each record is judged on its own with its reasons; only
/// a body that is not JSON of this shape refuses the whole batch.
/// </summary>
public sealed record TripRecord(
    string? ExternalId,
    string? DriverId,
    string? VehicleId,
    string? StartedAt,
    string? EndedAt,
    decimal? DistanceKm);
