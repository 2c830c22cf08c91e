namespace FleetTelematics.Domain.Trips;

public enum TripStatus : short
{
    InProgress = 1,
    Completed = 2,
}
