namespace FleetTelematics.Api.Simulation;

/// <summary>A safety event as a gateway reports it, naming its trip by the trip's external id.</summary>
public sealed record SafetyEventRecord(
    string ExternalId,
    string TripExternalId,
    string Type,
    string Severity,
    DateTime OccurredAt,
    decimal SpeedKmh) : ITelemetryRecord;
