namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A trip record that passed every check the record alone allows; the database judges the rest.</summary>
public sealed record ValidTrip(string ExternalId, int DriverId, int VehicleId, DateTime StartedAt, DateTime? EndedAt, decimal? DistanceKm)
{
    public bool InProgress => EndedAt is null;

    public int DurationSeconds => EndedAt is { } ended ? (int)(ended - StartedAt).TotalSeconds : 0;

    /// <summary>The same trip, not yet ended: what a gateway reported when it started.</summary>
    public bool IsStartOf(ValidTrip completed) =>
        InProgress && DriverId == completed.DriverId && VehicleId == completed.VehicleId && StartedAt == completed.StartedAt;
}
