using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Features.Drivers;

public sealed record SafetyEventResponse(
    long EventId,
    long TripId,
    string DriverId,
    SafetyEventType Type,
    Severity Severity,
    DateTime OccurredAt,
    decimal? SpeedKmh);
