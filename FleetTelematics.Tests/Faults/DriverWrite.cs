using System.Text.Json;

namespace FleetTelematics.Tests.Faults;

/// <summary>A merge-patch of one field of one driver to a value no other write of the scenario uses.</summary>
public sealed record DriverWrite(string DriverId, string Field, string Value)
{
    public const string City = "city";
    public const string RiskScore = "risk_score";

    public string Url => $"/api/v1/admin/drivers/{DriverId}";

    /// <summary>The risk score goes as a JSON number, the city as a string.</summary>
    public string Body => Field == RiskScore
        ? $$"""{"{{RiskScore}}":{{Value}}}"""
        : $$"""{"{{Field}}":{{JsonSerializer.Serialize(Value)}}}""";
}
