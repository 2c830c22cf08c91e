namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Names that raw SQL (dashboards, bulk load) shares with the EF model, kept in one place.</summary>
public static class DatabaseNames
{
    public const string Drivers = "drivers";
    public const string Vehicles = "vehicles";
    public const string Trips = "trips";
    public const string SafetyEvents = "safety_events";
    public const string Users = "users";

    /// <summary>The generated text column holding a driver's or vehicle's wire id (<c>DRV-0001</c>).</summary>
    public const string PublicIdColumn = "public_id";

    public const string PublicIdProperty = "PublicId";
}
