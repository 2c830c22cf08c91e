namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Names that raw SQL (dashboards, bulk load) shares with the EF model, kept in one place.</summary>
public static class DatabaseNames
{
    public const string Drivers = "drivers";
    public const string Vehicles = "vehicles";
    public const string Trips = "trips";
    public const string SafetyEvents = "safety_events";
    public const string Users = "users";

    /// <summary>
    /// Ingestion's idempotency ledgers: a gateway's <c>external_id</c> → the row it became. Unique across every
    /// partition of the history, which a partitioned table's own unique index cannot be (it must hold the partition key).
    /// </summary>
    public const string TripExternalIds = "trip_external_ids";

    public const string SafetyEventExternalIds = "safety_event_external_ids";

    /// <summary>The generated text column holding a driver's or vehicle's wire id (<c>DRV-0001</c>).</summary>
    public const string PublicIdColumn = "public_id";

    public const string PublicIdProperty = "PublicId";
}
