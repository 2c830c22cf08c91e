using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A safety event record that passed every check the record alone allows.</summary>
public sealed record ValidSafetyEvent(string ExternalId, string TripExternalId, SafetyEventType Type, Severity Severity,
    DateTime OccurredAt, decimal? SpeedKmh);
