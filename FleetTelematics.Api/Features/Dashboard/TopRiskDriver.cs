using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Dashboard;

public sealed record TopRiskDriver(string DriverId, string Name, decimal RiskScore, RiskCategory RiskCategory);
