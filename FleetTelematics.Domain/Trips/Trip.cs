namespace FleetTelematics.Domain.Trips;

public sealed class Trip
{
    public long Id { get; set; }

    public int DriverId { get; set; }

    public int? VehicleId { get; set; }

    public TripStatus Status { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>Null while the trip is in progress.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>Kilometres driven so far, two decimals.</summary>
    public decimal DistanceKm { get; set; }

    /// <summary>Seconds driven so far; kept with the row so duration sums need no date arithmetic.</summary>
    public int DurationSeconds { get; set; }
}
