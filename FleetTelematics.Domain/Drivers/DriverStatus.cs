namespace FleetTelematics.Domain.Drivers;

public enum DriverStatus : short
{
    Active = 1,
    Inactive = 2,
    Suspended = 3,
}
