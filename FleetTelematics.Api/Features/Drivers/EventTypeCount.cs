using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>How many safety events of one type.</summary>
public sealed record EventTypeCount(SafetyEventType Type, int Count);
