using FleetTelematics.Domain.Drivers;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>One row of the driver list.</summary>
public sealed record DriverCard(
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
    DateTime? LastTripAt);
