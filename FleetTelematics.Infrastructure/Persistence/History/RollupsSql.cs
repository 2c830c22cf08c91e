namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// The roll-ups the dashboards and driver statistics read instead of scanning history (ADR-013), and the
/// statement-level triggers that keep them. Every writer of trips and safety events — the seeder's COPY,
/// ingestion, an operator's SQL — updates them in its own transaction, from the statement's transition tables:
/// one aggregate per statement, not per row. A dropped partition fires nothing, so the roll-ups keep the
/// history that pruning removes.
/// </summary>
public static class RollupsSql
{
    public const string DriverTripTotals = "driver_trip_totals";
    public const string DailyFleetTrips = "daily_fleet_trips";
    public const string DailyDriverEvents = "daily_driver_events";
    public const string DailyFleetEvents = "daily_fleet_events";

    /// <summary>
    /// Fleet-wide days are kept as this many stripes (by driver id) so that concurrent writers of today's figures
    /// do not all queue on one row; readers sum the stripes.
    /// </summary>
    public const int FleetStripes = 8;

    internal const string CreateTables = $"""
        CREATE TABLE {DriverTripTotals} (
            driver_id integer PRIMARY KEY REFERENCES {DatabaseNames.Drivers} (id),
            trips integer NOT NULL,
            distance_km numeric(14,2) NOT NULL,
            duration_seconds bigint NOT NULL,
            last_trip_at timestamptz NULL
        );
        CREATE INDEX ix_{DriverTripTotals}_last_trip_at ON {DriverTripTotals} (last_trip_at, driver_id);

        CREATE TABLE {DailyFleetTrips} (
            day date NOT NULL,
            stripe smallint NOT NULL,
            trips integer NOT NULL,
            distance_km numeric(14,2) NOT NULL,
            duration_seconds bigint NOT NULL,
            PRIMARY KEY (day, stripe)
        );

        CREATE TABLE {DailyDriverEvents} (
            driver_id integer NOT NULL REFERENCES {DatabaseNames.Drivers} (id),
            day date NOT NULL,
            type smallint NOT NULL,
            events integer NOT NULL,
            PRIMARY KEY (driver_id, day, type)
        );

        CREATE TABLE {DailyFleetEvents} (
            day date NOT NULL,
            stripe smallint NOT NULL,
            type smallint NOT NULL,
            severity smallint NOT NULL,
            events integer NOT NULL,
            PRIMARY KEY (day, stripe, type, severity)
        );
        """;

    /// <summary>The triggers a bulk load of new history (the seeder's COPY) may disable, filling the roll-ups itself.</summary>
    internal static readonly (string Table, string Trigger)[] InsertTriggers =
    [
        (DatabaseNames.Trips, TriggerName(DatabaseNames.Trips, "INSERT")),
        (DatabaseNames.SafetyEvents, TriggerName(DatabaseNames.SafetyEvents, "INSERT")),
    ];

    internal static string CreateTriggers => string.Concat(
        TripTrigger("INSERT", "REFERENCING NEW TABLE AS new_rows", Signed("new_rows", TripColumns, positive: true), recomputeLastTrip: null),
        TripTrigger("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            $"{Signed("new_rows", TripColumns, positive: true)} UNION ALL {Signed("old_rows", TripColumns, positive: false)}",
            // Only a row that moved (another driver or start) can have been a driver's newest trip and be no longer.
            recomputeLastTrip: """
                SELECT o.driver_id FROM old_rows o
                WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND n.driver_id = o.driver_id AND n.started_at = o.started_at)
                """),
        TripTrigger("DELETE", "REFERENCING OLD TABLE AS old_rows", Signed("old_rows", TripColumns, positive: false),
            recomputeLastTrip: "SELECT driver_id FROM old_rows"),
        EventTrigger("INSERT", "REFERENCING NEW TABLE AS new_rows", Signed("new_rows", EventColumns, positive: true)),
        EventTrigger("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            $"{Signed("new_rows", EventColumns, positive: true)} UNION ALL {Signed("old_rows", EventColumns, positive: false)}"),
        EventTrigger("DELETE", "REFERENCING OLD TABLE AS old_rows", Signed("old_rows", EventColumns, positive: false)));

    /// <summary>A trigger's name, which is also its function's: <c>rollup_trips_insert</c>.</summary>
    private static string TriggerName(string table, string operation) => $"rollup_{table}_{operation.ToLowerInvariant()}";

    private const string TripColumns = "driver_id, started_at, {sign} AS sign, {sign} * distance_km AS distance_km, {sign} * duration_seconds AS duration_seconds";
    private const string EventColumns = "driver_id, occurred_at, type, severity, {sign} AS sign";

    private static string Signed(string rows, string columns, bool positive) =>
        $"SELECT {columns.Replace("{sign}", positive ? "1" : "-1")} FROM {rows}";

    // Each upsert is its own statement, sorted by key, so concurrent writers lock roll-up rows in one order.
    private static string TripTrigger(string operation, string referencing, string delta, string? recomputeLastTrip) => $$"""
        CREATE FUNCTION {{TriggerName(DatabaseNames.Trips, operation)}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO {{DailyFleetTrips}} AS f (day, stripe, trips, distance_km, duration_seconds)
            SELECT (started_at AT TIME ZONE 'UTC')::date, (driver_id % {{FleetStripes}})::smallint, sum(sign), sum(distance_km), sum(duration_seconds)
            FROM ({{delta}}) AS delta GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (day, stripe) DO UPDATE SET trips = f.trips + excluded.trips,
                distance_km = f.distance_km + excluded.distance_km, duration_seconds = f.duration_seconds + excluded.duration_seconds;

            INSERT INTO {{DriverTripTotals}} AS t (driver_id, trips, distance_km, duration_seconds, last_trip_at)
            SELECT driver_id, sum(sign), sum(distance_km), sum(duration_seconds), max(started_at) FILTER (WHERE sign > 0)
            FROM ({{delta}}) AS delta GROUP BY 1 ORDER BY 1
            ON CONFLICT (driver_id) DO UPDATE SET trips = t.trips + excluded.trips,
                distance_km = t.distance_km + excluded.distance_km, duration_seconds = t.duration_seconds + excluded.duration_seconds,
                last_trip_at = GREATEST(t.last_trip_at, excluded.last_trip_at);
        {{(recomputeLastTrip is null ? "" : $"""

                UPDATE {DriverTripTotals} AS t
                SET last_trip_at = (SELECT max(started_at) FROM {DatabaseNames.Trips} WHERE driver_id = t.driver_id)
                WHERE t.driver_id IN ({recomputeLastTrip});
            """)}}
            RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER {{TriggerName(DatabaseNames.Trips, operation)}} AFTER {{operation}} ON {{DatabaseNames.Trips}}
            {{referencing}} FOR EACH STATEMENT EXECUTE FUNCTION {{TriggerName(DatabaseNames.Trips, operation)}}();

        """;

    private static string EventTrigger(string operation, string referencing, string delta) => $$"""
        CREATE FUNCTION {{TriggerName(DatabaseNames.SafetyEvents, operation)}}() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO {{DailyFleetEvents}} AS f (day, stripe, type, severity, events)
            SELECT (occurred_at AT TIME ZONE 'UTC')::date, (driver_id % {{FleetStripes}})::smallint, type, severity, sum(sign)
            FROM ({{delta}}) AS delta GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (day, stripe, type, severity) DO UPDATE SET events = f.events + excluded.events;

            INSERT INTO {{DailyDriverEvents}} AS d (driver_id, day, type, events)
            SELECT driver_id, (occurred_at AT TIME ZONE 'UTC')::date, type, sum(sign)
            FROM ({{delta}}) AS delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (driver_id, day, type) DO UPDATE SET events = d.events + excluded.events;
            RETURN NULL;
        END
        $fn$;
        CREATE TRIGGER {{TriggerName(DatabaseNames.SafetyEvents, operation)}} AFTER {{operation}} ON {{DatabaseNames.SafetyEvents}}
            {{referencing}} FOR EACH STATEMENT EXECUTE FUNCTION {{TriggerName(DatabaseNames.SafetyEvents, operation)}}();

        """;
}
