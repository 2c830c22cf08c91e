namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>The unit of a <see cref="RetentionPeriod"/>.</summary>
public enum RetentionUnit
{
    Months,
    Days,
}
