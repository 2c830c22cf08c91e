using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// What the driver queries read: the driver's columns and its trip totals, computed in the same SQL statement.
/// Init-only properties (not a constructor) so EF Core can still sort and filter on the projection.
/// </summary>
internal sealed class DriverRow
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    public string Phone { get; init; } = "";
    public string City { get; init; } = "";
    public DriverStatus Status { get; init; }
    public decimal RiskScore { get; init; }
    public int? VehicleId { get; init; }
    public string LicenseNumber { get; init; } = "";
    public DateOnly HireDate { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int TotalTrips { get; init; }
    public decimal TotalDistanceKm { get; init; }
    public DateTime? LastTripAt { get; init; }

    public DriverCard ToCard() => new(EntityCode.Driver.Format(Id), Name, Email, Phone, City, Status, RiskScore,
        RiskBands.Categorize(RiskScore), VehicleCode, TotalTrips, TotalDistanceKm, LastTripAt);

    public DriverResponse ToResponse() => new(EntityCode.Driver.Format(Id), Name, Email, Phone, City, Status, RiskScore,
        RiskBands.Categorize(RiskScore), VehicleCode, TotalTrips, TotalDistanceKm, LastTripAt, LicenseNumber, HireDate,
        CreatedAt, UpdatedAt);

    private string? VehicleCode => VehicleId is { } id ? EntityCode.Vehicle.Format(id) : null;
}
