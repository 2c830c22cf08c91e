namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// The monthly partitions of <c>trips</c> and <c>safety_events</c> (ADR-012). One database function creates
/// them, so the migration, start-up, the seeder and ingestion share a single definition and never race:
/// it takes a transaction-scoped advisory lock and creates only what is missing.
/// </summary>
public static class HistoryPartitionsSql
{
    public const string EnsureFunction = "ensure_history_partitions";

    /// <summary>Partition names: <c>trips_2026_12</c>, <c>safety_events_2026_12</c>.</summary>
    public static string PartitionName(string parent, DateOnly month) => $"{parent}_{month.Year:D4}_{month.Month:D2}";

    internal const string CreateEnsureFunction = $$"""
        CREATE FUNCTION {{EnsureFunction}}(first_day date, last_day date) RETURNS integer
        LANGUAGE plpgsql AS $fn$
        DECLARE
            month date := date_trunc('month', first_day)::date;
            parent text;
            partition text;
            created integer := 0;
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('{{EnsureFunction}}'));
            WHILE month <= last_day LOOP
                FOREACH parent IN ARRAY ARRAY['{{DatabaseNames.Trips}}', '{{DatabaseNames.SafetyEvents}}'] LOOP
                    partition := parent || '_' || to_char(month, 'YYYY_MM');
                    IF to_regclass(partition) IS NULL THEN
                        -- Bounds in UTC whatever the session's time zone: a month is a UTC month, as the dashboards' days are.
                        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', partition, parent,
                            month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
                        created := created + 1;
                    END IF;
                END LOOP;
                month := (month + interval '1 month')::date;
            END LOOP;
            RETURN created;
        END
        $fn$
        """;
}
