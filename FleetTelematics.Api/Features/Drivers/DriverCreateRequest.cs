using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A new driver. The server assigns <c>driver_id</c>; <c>status</c> defaults to <c>active</c>.</summary>
/// <remarks>
/// The strings are nullable here so that a missing field reaches <see cref="DriverChanges.Validate"/> and gets its
/// message there; <see cref="RequiredInRequestAttribute"/> tells the document what the client must send.
/// </remarks>
public sealed record DriverCreateRequest
{
    /// <example>Ana Costa</example>
    [RequiredInRequest]
    public string? Name { get; init; }

    /// <example>ana.costa@fleet.example</example>
    [RequiredInRequest]
    public string? Email { get; init; }

    /// <summary>Digits, spaces, <c>+</c>, <c>-</c>, <c>(</c> and <c>)</c>.</summary>
    /// <example>+1-555-010-2030</example>
    [RequiredInRequest]
    public string? Phone { get; init; }

    /// <example>DL-4431-9921</example>
    [RequiredInRequest]
    public string? LicenseNumber { get; init; }

    /// <example>Austin</example>
    [RequiredInRequest]
    public string? City { get; init; }

    /// <summary><c>active</c> when absent or null.</summary>
    /// <example>active</example>
    public DriverStatus? Status { get; init; }

    /// <summary>A vehicle to assign, such as VEH-0001, or null.</summary>
    /// <example>VEH-0001</example>
    public string? VehicleId { get; init; }

    internal DriverChanges ToChanges() => new()
    {
        Name = Present(Name),
        Email = Present(Email),
        Phone = Present(Phone),
        LicenseNumber = Present(LicenseNumber),
        City = Present(City),
        Status = (DriverStatus?)(Status ?? DriverStatus.Active),
        VehicleId = VehicleId,
    };

    // In a create, a missing field and an explicit null are the same: the field was not given.
    private static Optional<string?> Present(string? value) => value is null ? Optional<string?>.Absent : value;
}
