namespace FleetTelematics.Api.Simulation;

/// <summary>A trip as a gateway reports it: once in progress (no end, no distance), once more when it ends.</summary>
public sealed record TripRecord(
    string ExternalId,
    string DriverId,
    string VehicleId,
    DateTime StartedAt,
    DateTime? EndedAt,
    decimal? DistanceKm) : ITelemetryRecord;
