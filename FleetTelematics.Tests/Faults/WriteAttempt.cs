namespace FleetTelematics.Tests.Faults;

/// <summary>A write the load sent, and the status it got (0: no answer at all).</summary>
public sealed record WriteAttempt(DriverWrite Write, int Status)
{
    public bool Acknowledged => Status is >= 200 and <= 299;
}
