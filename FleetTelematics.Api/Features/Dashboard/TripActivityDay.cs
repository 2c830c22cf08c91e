namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>Trips started on one UTC day.</summary>
public sealed record TripActivityDay(DateOnly Date, int Trips, decimal DistanceKm, decimal DurationHours);
