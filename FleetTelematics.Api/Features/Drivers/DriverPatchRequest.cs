using FleetTelematics.Api.Json;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// A JSON merge-patch (RFC 7396) of a driver: send only the fields to change. <c>vehicle_id: null</c> unassigns the
/// vehicle; null is refused for every other field. Unknown fields are refused.
/// </summary>
public sealed record DriverPatchRequest : DriverChanges
{
    public Optional<decimal?> RiskScore { get; init; }

    private protected override Optional<decimal?> NewRiskScore => RiskScore;
}
