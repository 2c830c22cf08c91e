namespace FleetTelematics.Tests.Faults;

/// <summary>The fields the load writes, as PostgreSQL holds them (the score formatted as the load formats it).</summary>
public sealed record DriverState(string City, string RiskScore)
{
    public string Value(string field) => field == DriverWrite.RiskScore ? RiskScore : City;
}
