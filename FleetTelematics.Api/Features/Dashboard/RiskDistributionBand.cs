using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>Drivers in one risk band; percentages of all bands add up to 100 when there are drivers.</summary>
public sealed record RiskDistributionBand(RiskCategory Category, int Count, decimal Percentage);
