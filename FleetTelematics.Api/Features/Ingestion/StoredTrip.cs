using FleetTelematics.Domain.Trips;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>The trip an external id already names, locked for the rest of the batch's transaction.</summary>
public sealed record StoredTrip(long Id, ValidTrip Trip)
{
    public static ValidTrip Read(string externalId, int driverId, int? vehicleId, TripStatus status, DateTime startedAt,
        DateTime? endedAt, decimal distanceKm) =>
        new(externalId, driverId, vehicleId ?? 0, startedAt, endedAt, status == TripStatus.Completed ? distanceKm : null);
}
