namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// A row of the <c>driver_trip_totals</c> roll-up (ADR-013): a driver's lifetime trip figures, kept by the triggers on
/// trips. Read-only for the application; a driver who never drove has no row, and one whose trips were all deleted has
/// a row of zeros with no last trip.
/// </summary>
public sealed class DriverTripTotal
{
    public int DriverId { get; init; }

    public int Trips { get; init; }

    public decimal DistanceKm { get; init; }

    public long DurationSeconds { get; init; }

    /// <summary>The newest trip's start; null exactly when <see cref="Trips"/> is zero.</summary>
    public DateTime? LastTripAt { get; init; }
}
