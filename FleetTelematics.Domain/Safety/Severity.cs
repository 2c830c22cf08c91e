namespace FleetTelematics.Domain.Safety;

public enum Severity : short
{
    Low = 1,
    Medium = 2,
    High = 3,
}
