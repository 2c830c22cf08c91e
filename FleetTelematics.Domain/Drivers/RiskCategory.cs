namespace FleetTelematics.Domain.Drivers;

/// <summary>Risk bands in ascending order; the numeric order is the order dashboards list them in.</summary>
public enum RiskCategory : short
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
