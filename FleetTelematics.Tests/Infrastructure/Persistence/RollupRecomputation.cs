using FleetTelematics.Infrastructure.Persistence.History;
using Npgsql;

namespace FleetTelematics.Tests.Infrastructure.Persistence;

/// <summary>
/// Every roll-up table against a GROUP BY over the raw rows, written here from the roll-ups' definitions rather than
/// from the triggers: the rows only one side has, as text, labelled with the table. A roll-up row of zeros (what a
/// deleted history leaves) counts as no row, since readers treat it so.
/// </summary>
internal static class RollupRecomputation
{
    private static readonly (string Table, string Rollup, string Recomputed)[] Tables =
    [
        (RollupsSql.DriverTripTotals,
            $"""
            SELECT driver_id, trips, distance_km, duration_seconds, last_trip_at FROM {RollupsSql.DriverTripTotals}
            WHERE trips <> 0 OR distance_km <> 0 OR duration_seconds <> 0 OR last_trip_at IS NOT NULL
            """,
            "SELECT driver_id, count(*)::int, sum(distance_km), sum(duration_seconds)::bigint, max(started_at) FROM trips GROUP BY driver_id"),
        (RollupsSql.DailyFleetTrips,
            $"""
            SELECT day, stripe, trips, distance_km, duration_seconds FROM {RollupsSql.DailyFleetTrips}
            WHERE trips <> 0 OR distance_km <> 0 OR duration_seconds <> 0
            """,
            $"""
            SELECT (started_at AT TIME ZONE 'UTC')::date, (driver_id % {RollupsSql.FleetStripes})::smallint, count(*)::int,
                   sum(distance_km), sum(duration_seconds)::bigint
            FROM trips GROUP BY 1, 2
            """),
        (RollupsSql.DailyDriverEvents,
            $"SELECT driver_id, day, type, events FROM {RollupsSql.DailyDriverEvents} WHERE events <> 0",
            "SELECT driver_id, (occurred_at AT TIME ZONE 'UTC')::date, type, count(*)::int FROM safety_events GROUP BY 1, 2, 3"),
        (RollupsSql.DailyFleetEvents,
            $"SELECT day, stripe, type, severity, events FROM {RollupsSql.DailyFleetEvents} WHERE events <> 0",
            $"""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date, (driver_id % {RollupsSql.FleetStripes})::smallint, type, severity, count(*)::int
            FROM safety_events GROUP BY 1, 2, 3, 4
            """),
    ];

    public static IReadOnlyList<string> TableNames { get; } = Tables.Select(t => t.Table).ToList();

    /// <summary>
    /// The differences, as <c>daily_fleet_trips: roll-up only (2026-11-30,3,12,140.50,20400)</c>; empty when every
    /// roll-up equals its recomputation. Runs on <paramref name="connection"/>, inside its transaction if one is open.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(NpgsqlConnection connection)
    {
        var differences = new List<string>();
        foreach (var (table, rollup, recomputed) in Tables)
        {
            await using var command = new NpgsqlCommand($"""
                WITH rollup AS ({rollup}), recomputed AS ({recomputed})
                SELECT 'roll-up only ' || r::text FROM (SELECT * FROM rollup EXCEPT ALL SELECT * FROM recomputed) r
                UNION ALL
                SELECT 'recomputed only ' || r::text FROM (SELECT * FROM recomputed EXCEPT ALL SELECT * FROM rollup) r
                ORDER BY 1
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                differences.Add($"{table}: {reader.GetString(0)}");
            }
        }

        return differences;
    }
}
