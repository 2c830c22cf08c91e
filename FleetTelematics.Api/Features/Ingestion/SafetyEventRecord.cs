namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A safety event as a gateway reports it, attached to a trip by that trip's <c>external_id</c>.</summary>
public sealed record SafetyEventRecord(
    string? ExternalId,
    string? TripExternalId,
    string? Type,
    string? Severity,
    string? OccurredAt,
    decimal? SpeedKmh);
