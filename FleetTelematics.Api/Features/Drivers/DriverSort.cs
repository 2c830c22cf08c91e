namespace FleetTelematics.Api.Features.Drivers;

/// <summary>The sort orders of the driver list, by their wire names; a leading <c>-</c> means descending.</summary>
internal static class DriverSort
{
    public const string Default = "driver_id";

    public static readonly string[] Allowed =
        ["driver_id", "name", "-name", "risk_score", "-risk_score", "last_trip_at", "-last_trip_at"];

    public static IQueryable<DriverRow> Apply(IQueryable<DriverRow> rows, string sort) => sort switch
    {
        "name" => rows.OrderBy(r => r.Name).ThenBy(r => r.Id),
        "-name" => rows.OrderByDescending(r => r.Name).ThenBy(r => r.Id),
        "risk_score" => rows.OrderBy(r => r.RiskScore).ThenBy(r => r.Id),
        "-risk_score" => rows.OrderByDescending(r => r.RiskScore).ThenBy(r => r.Id),
        // Drivers who never drove come last in both directions.
        "last_trip_at" => rows.OrderBy(r => r.LastTripAt == null).ThenBy(r => r.LastTripAt).ThenBy(r => r.Id),
        "-last_trip_at" => rows.OrderBy(r => r.LastTripAt == null).ThenByDescending(r => r.LastTripAt).ThenBy(r => r.Id),
        _ => rows.OrderBy(r => r.Id),
    };

    /// <summary>Whether <paramref name="sort"/> orders by last trip, newest first; null for the other orders.</summary>
    public static bool? LastTripDescending(string sort) => sort switch
    {
        "last_trip_at" => false,
        "-last_trip_at" => true,
        _ => null,
    };
}
