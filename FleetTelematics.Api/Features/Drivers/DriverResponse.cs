using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A driver: the card's fields plus licence, hire date and timestamps.</summary>
public sealed record DriverResponse(
    string DriverId,
    string Name,
    string Email,
    string Phone,
    string City,
    DriverStatus Status,
    decimal RiskScore,
    RiskCategory RiskCategory,
    string? VehicleId,
    int TotalTrips,
    decimal TotalDistanceKm,
    DateTime? LastTripAt,
    string LicenseNumber,
    DateOnly HireDate,
    DateTime CreatedAt,
    DateTime UpdatedAt);
