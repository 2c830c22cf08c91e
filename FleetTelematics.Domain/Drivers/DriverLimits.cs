namespace FleetTelematics.Domain.Drivers;

/// <summary>Field lengths shared by the schema and by request validation.</summary>
public static class DriverLimits
{
    public const int NameLength = 120;
    public const int EmailLength = 254;
    public const int PhoneLength = 32;
    public const int LicenseNumberLength = 32;
    public const int CityLength = 80;
}
