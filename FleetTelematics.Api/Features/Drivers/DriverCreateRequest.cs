using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A new driver. The server assigns <c>driver_id</c>; <c>status</c> defaults to <c>active</c>.</summary>
public sealed record DriverCreateRequest
{
    /// <example>Ana Costa</example>
    public string? Name { get; init; }

    /// <example>ana.costa@fleet.example</example>
    public string? Email { get; init; }

    /// <example>+1-555-010-2030</example>
    public string? Phone { get; init; }

    /// <example>DL-4431-9921</example>
    public string? LicenseNumber { get; init; }

    /// <example>Austin</example>
    public string? City { get; init; }

    public DriverStatus? Status { get; init; }

    /// <summary>A vehicle to assign, such as VEH-0001, or null.</summary>
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
