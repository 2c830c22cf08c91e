using FleetTelematics.Api.Features.Drivers;

namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>Safety events of the last <c>days</c> UTC days (today included), by type and by severity.</summary>
public sealed record SafetyEventsBreakdownResponse(
    int Days,
    int Total,
    IReadOnlyList<EventTypeCount> ByType,
    IReadOnlyList<SeverityCount> BySeverity);
