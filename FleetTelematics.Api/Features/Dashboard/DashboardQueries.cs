using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Npgsql;

namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>
/// The dashboards, each one round trip of set-based aggregation. Day windows read the daily roll-ups
/// (<c>daily_fleet_trips</c>, <c>daily_fleet_events</c>: a row per UTC day and stripe, ADR-013), never the history;
/// only "active trips" counts raw rows, from the partial index of in-progress trips. The answers are the bytes an
/// aggregate over the raw rows gives: a window without trips has a distance of <c>0</c>, not <c>0.00</c>. They run where
/// <see cref="FleetReads"/> says: on a current standby when they compute a cached response, else on the primary.
/// </summary>
public sealed class DashboardQueries(FleetReads reads, TimeProvider clock)
{
    private const int TopRiskCount = 5;
    private static readonly short Active = (short)DriverStatus.Active;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<DashboardStatsResponse> StatsAsync(CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => StatsAsync(source.DataSource, token), cancellationToken);

    private async Task<DashboardStatsResponse> StatsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var now = Now;
        var today = UtcDays.EndingToday(now, 1);
        await using var command = dataSource.CreateCommand($"""
            SELECT d.total, d.active, d.average_risk, (SELECT count(*)::int FROM vehicles),
                   (SELECT count(*)::int FROM trips WHERE status = {(short)TripStatus.InProgress}),
                   t.trips, t.distance, {WindowEvents}
            FROM (SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = {Active}))::int AS active,
                         coalesce(round(avg(risk_score), 1), 0) AS average_risk
                  FROM drivers WHERE archived_at IS NULL) d,
                 {WindowTrips} t
            """);
        AddWindow(command.Parameters, today);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DashboardStatsResponse(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(3), reader.GetInt32(4),
            reader.GetInt32(5), reader.GetDecimal(6), reader.GetInt32(7), reader.GetDecimal(2), now);
    }

    public Task<DashboardSummaryResponse> SummaryAsync(CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => SummaryAsync(source.DataSource, token), cancellationToken);

    private async Task<DashboardSummaryResponse> SummaryAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var now = Now;
        var week = UtcDays.EndingToday(now, 7);
        await using var batch = dataSource.CreateBatch();
        var figures = new NpgsqlBatchCommand($"""
            SELECT d.total, d.active, d.inactive, d.suspended, d.high_risk, t.trips, t.distance, {WindowEvents}
            FROM (SELECT count(*)::int AS total,
                         (count(*) FILTER (WHERE status = {Active}))::int AS active,
                         (count(*) FILTER (WHERE status = {(short)DriverStatus.Inactive}))::int AS inactive,
                         (count(*) FILTER (WHERE status = {(short)DriverStatus.Suspended}))::int AS suspended,
                         (count(*) FILTER (WHERE risk_score >= {RiskBands.RangeOf(RiskCategory.High).From}))::int AS high_risk
                  FROM drivers WHERE archived_at IS NULL) d,
                 {WindowTrips} t
            """);
        AddWindow(figures.Parameters, week);
        batch.BatchCommands.Add(figures);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"SELECT id, name, risk_score FROM drivers WHERE archived_at IS NULL ORDER BY risk_score DESC, id LIMIT {TopRiskCount}"));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var drivers = new DriverStatusCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        var (highRisk, trips, distance, events) = (reader.GetInt32(4), reader.GetInt32(5), reader.GetDecimal(6), reader.GetInt32(7));

        await reader.NextResultAsync(cancellationToken);
        var top = new List<TopRiskDriver>(TopRiskCount);
        while (await reader.ReadAsync(cancellationToken))
        {
            var score = reader.GetDecimal(2);
            top.Add(new TopRiskDriver(EntityCode.Driver.Format(reader.GetInt32(0)), reader.GetString(1), score, RiskBands.Categorize(score)));
        }

        return new DashboardSummaryResponse(drivers, trips, distance, events, highRisk, top, now);
    }

    public Task<IReadOnlyList<TripActivityDay>> TripActivityAsync(int days, CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => TripActivityAsync(source.DataSource, days, token), cancellationToken);

    private async Task<IReadOnlyList<TripActivityDay>> TripActivityAsync(NpgsqlDataSource dataSource, int days, CancellationToken cancellationToken)
    {
        var window = UtcDays.EndingToday(Now, days);
        // A day whose trips were all deleted keeps a row of zeros: it is a day without trips, as in the history.
        await using var command = dataSource.CreateCommand($"""
            SELECT day, sum(trips)::int, sum(distance_km), sum(duration_seconds)::bigint
            FROM {RollupsSql.DailyFleetTrips} WHERE day >= $1 AND day < $2
            GROUP BY day HAVING sum(trips) <> 0
            """);
        AddWindow(command.Parameters, window);
        var byDay = new Dictionary<DateOnly, TripActivityDay>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // Half away from zero, as PostgreSQL's round() and a reader expect: 55.225 h is 55.23, not 55.22.
                var date = reader.GetFieldValue<DateOnly>(0);
                byDay[date] = new TripActivityDay(date, reader.GetInt32(1), reader.GetDecimal(2), Math.Round(reader.GetInt64(3) / 3600m, 2, MidpointRounding.AwayFromZero));
            }
        }

        return window.Dates().Select(date => byDay.GetValueOrDefault(date) ?? new TripActivityDay(date, 0, 0m, 0m)).ToList();
    }

    public Task<IReadOnlyList<RiskDistributionBand>> RiskDistributionAsync(CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => RiskDistributionAsync(source.DataSource, token), cancellationToken);

    private async Task<IReadOnlyList<RiskDistributionBand>> RiskDistributionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var bands = RiskBands.All;
        var columns = string.Join(", ", bands.Select(band =>
        {
            var (from, to) = RiskBands.RangeOf(band);
            return $"(count(*) FILTER (WHERE risk_score >= {from} AND risk_score < {to}))::int";
        }));
        await using var command = dataSource.CreateCommand($"SELECT {columns} FROM drivers WHERE archived_at IS NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = bands.Select((_, i) => reader.GetInt32(i)).ToArray();
        var shares = Percentages.Of(counts);
        return bands.Select((band, i) => new RiskDistributionBand(band, counts[i], shares[i])).ToList();
    }

    public Task<SafetyEventsBreakdownResponse> SafetyEventsAsync(int days, CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => SafetyEventsAsync(source.DataSource, days, token), cancellationToken);

    private async Task<SafetyEventsBreakdownResponse> SafetyEventsAsync(NpgsqlDataSource dataSource, int days, CancellationToken cancellationToken)
    {
        var window = UtcDays.EndingToday(Now, days);
        await using var command = dataSource.CreateCommand($"""
            SELECT type, severity, sum(events)::int FROM {RollupsSql.DailyFleetEvents}
            WHERE day >= $1 AND day < $2
            GROUP BY type, severity
            """);
        AddWindow(command.Parameters, window);
        var byType = new Dictionary<SafetyEventType, int>();
        var bySeverity = new Dictionary<Severity, int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt32(2);
                byType[(SafetyEventType)reader.GetInt16(0)] = byType.GetValueOrDefault((SafetyEventType)reader.GetInt16(0)) + count;
                bySeverity[(Severity)reader.GetInt16(1)] = bySeverity.GetValueOrDefault((Severity)reader.GetInt16(1)) + count;
            }
        }

        return new SafetyEventsBreakdownResponse(days, byType.Values.Sum(),
            Enum.GetValues<SafetyEventType>().Select(t => new EventTypeCount(t, byType.GetValueOrDefault(t))).ToList(),
            Enum.GetValues<Severity>().Select(s => new SeverityCount(s, bySeverity.GetValueOrDefault(s))).ToList());
    }

    /// <summary>
    /// Trips and distance of the days [$1, $2), summed over the stripes. The distance of no trips is the integer 0, as
    /// <c>coalesce(sum(distance_km), 0)</c> over no rows gave, and a sum of two-decimal values otherwise.
    /// </summary>
    private const string WindowTrips = $"""
        (SELECT coalesce(sum(trips), 0)::int AS trips,
                CASE WHEN coalesce(sum(trips), 0) = 0 THEN 0 ELSE sum(distance_km) END AS distance
         FROM {RollupsSql.DailyFleetTrips} WHERE day >= $1 AND day < $2)
        """;

    private const string WindowEvents = $"(SELECT coalesce(sum(events), 0)::int FROM {RollupsSql.DailyFleetEvents} WHERE day >= $1 AND day < $2)";

    /// <summary>The window as the roll-ups' UTC dates: <c>day &gt;= $1 AND day &lt; $2</c>.</summary>
    private static void AddWindow(NpgsqlParameterCollection parameters, UtcDays window)
    {
        parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(window.From) });
        parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(window.Until) });
    }
}
