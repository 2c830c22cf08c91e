namespace FleetTelematics.Domain.Safety;

public sealed class SafetyEvent
{
    public long Id { get; set; }

    public long TripId { get; set; }

    /// <summary>Copied from the trip so per-driver event counts need no join.</summary>
    public int DriverId { get; set; }

    public SafetyEventType Type { get; set; }

    public Severity Severity { get; set; }

    public DateTime OccurredAt { get; set; }

    public decimal? SpeedKmh { get; set; }
}
