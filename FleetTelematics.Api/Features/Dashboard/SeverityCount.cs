using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Features.Dashboard;

public sealed record SeverityCount(Severity Severity, int Count);
