using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// A JSON merge-patch (RFC 7396) of a driver: send only the fields to change. <c>vehicle_id: null</c> unassigns the
/// vehicle; null is refused for every other field. Unknown fields are refused.
/// </summary>
/// <remarks>
/// Only documents the body (the action reads it as raw JSON, to tell "absent" from "null"), so the C# nullability
/// is the wire's: only <see cref="VehicleId"/> may be null, and no field is required.
/// </remarks>
public sealed record DriverPatchRequest
{
    /// <example>Ana Costa-Reis</example>
    public string Name { get; init; } = "";

    /// <example>ana.reis@fleet.example</example>
    public string Email { get; init; } = "";

    /// <example>+1-555-010-2031</example>
    public string Phone { get; init; } = "";

    /// <example>DL-4431-9921</example>
    public string LicenseNumber { get; init; } = "";

    /// <example>Dallas</example>
    public string City { get; init; } = "";

    /// <example>suspended</example>
    public DriverStatus Status { get; init; }

    /// <summary>A vehicle to assign, such as VEH-0002, or null to unassign.</summary>
    /// <example>VEH-0002</example>
    public string? VehicleId { get; init; }

    /// <summary>0 to 100, at most one decimal.</summary>
    /// <example>42.5</example>
    public decimal RiskScore { get; init; }
}
