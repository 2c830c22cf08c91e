using System.Globalization;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Infrastructure.Persistence;

/// <summary>
/// The roll-ups the dashboards read equal a recomputation from the raw history: after the seed, and after a seeded
/// random stream of multi-row inserts, updates (completing trips, changing distances, moving trips and events to another
/// day, partition or driver) and deletes, in several statements and transactions, some rolled back — written through
/// raw SQL from a session whose time zone is not UTC, as any writer may. Each test works on its own copy of the seeded
/// template.
/// </summary>
public sealed class RollupTriggersTests
{
    private const int Transactions = 14;
    private NpgsqlDataSource _dataSource = null!;

    [SetUp]
    public async Task CopySeededDatabase() =>
        _dataSource = await TestDatabases.OpenAsync(await TestDatabases.CreateFromTemplateAsync("rollups"));

    [TearDown]
    public async Task Dispose() => await _dataSource.DisposeAsync();

    [Test]
    public async Task Rollups_AfterSeeding_EqualTheRecomputation()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();

        var differences = await RollupRecomputation.DifferencesAsync(connection);

        differences.Should().BeEmpty();
        (await ScalarAsync<long>(connection, $"SELECT count(*) FROM {RollupsSql.DailyFleetEvents}")).Should().BePositive("the seed has events");
    }

    [TestCase(20261201)]
    [TestCase(7)]
    public async Task Rollups_AfterARandomStreamOfWrites_EqualTheRecomputationAfterEveryTransaction(int seed)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, "SET TIME ZONE 'America/Los_Angeles'");
        var stream = new WriteStream(connection, new Random(seed), TestDatabases.SeedAnchorUtc);
        await stream.PrepareAsync();
        var log = new List<string>();

        for (var t = 0; t < Transactions; t++)
        {
            var rollBack = t % 5 == 3;
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                var statements = 2 + stream.Random.Next(5);
                for (var s = 0; s < statements; s++)
                {
                    log.Add($"tx {t}: {await stream.NextAsync()}");
                }

                if (rollBack)
                {
                    log.Add($"tx {t}: rolled back");
                    await transaction.RollbackAsync();
                }
                else
                {
                    await transaction.CommitAsync();
                }
            }

            await stream.ReloadAsync();
            var differences = await RollupRecomputation.DifferencesAsync(connection);
            differences.Should().BeEmpty($"after transaction {t} of:\n{string.Join('\n', log)}");
        }

        // Last, one driver's whole history goes: its totals become a row of zeros with no last trip.
        await ExecuteAsync(connection, "DELETE FROM trips WHERE driver_id = (SELECT min(driver_id) FROM trips)");
        (await RollupRecomputation.DifferencesAsync(connection)).Should().BeEmpty("after deleting a driver's history");
        (await ScalarAsync<long>(connection, $"SELECT count(*) FROM {RollupsSql.DriverTripTotals} WHERE trips = 0 AND last_trip_at IS NULL"))
            .Should().BePositive();
        stream.Kinds.Should().HaveCountGreaterThanOrEqualTo(10, "the stream exercised most kinds of write: " + string.Join(", ", stream.Kinds));
    }

    /// <summary>The comparison above can fail: each corruption of a roll-up is reported, under its table.</summary>
    [TestCase(RollupsSql.DriverTripTotals, "UPDATE driver_trip_totals SET last_trip_at = last_trip_at - interval '1 second' WHERE driver_id = 1")]
    [TestCase(RollupsSql.DriverTripTotals, "DELETE FROM driver_trip_totals WHERE driver_id = 1")]
    [TestCase(RollupsSql.DailyFleetTrips, "UPDATE daily_fleet_trips SET distance_km = distance_km + 0.01 WHERE (day, stripe) = (SELECT day, stripe FROM daily_fleet_trips ORDER BY 1, 2 LIMIT 1)")]
    [TestCase(RollupsSql.DailyFleetTrips, "UPDATE daily_fleet_trips SET day = day - 1000 WHERE (day, stripe) = (SELECT day, stripe FROM daily_fleet_trips ORDER BY 1 DESC, 2 LIMIT 1)")]
    [TestCase(RollupsSql.DailyDriverEvents, "INSERT INTO daily_driver_events VALUES (1, '2000-01-01', 1, 1)")]
    [TestCase(RollupsSql.DailyDriverEvents, "UPDATE daily_driver_events SET day = day + 1000 WHERE (driver_id, day, type) = (SELECT driver_id, day, type FROM daily_driver_events ORDER BY 1, 2, 3 LIMIT 1)")]
    [TestCase(RollupsSql.DailyFleetEvents, "UPDATE daily_fleet_events SET events = events - 1 WHERE (day, stripe, type, severity) = (SELECT day, stripe, type, severity FROM daily_fleet_events ORDER BY 1, 2, 3, 4 LIMIT 1)")]
    public async Task DifferencesAsync_CorruptedRollup_ReportsThatTable(string table, string corruption)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, corruption);

        var differences = await RollupRecomputation.DifferencesAsync(connection);

        differences.Should().NotBeEmpty().And.OnlyContain(d => d.StartsWith(table + ": ", StringComparison.Ordinal));
    }

    [Test]
    public async Task DifferencesAsync_RowOfZeros_IsNoDifference()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, """
            INSERT INTO daily_fleet_events VALUES ('2000-01-01', 0, 1, 1, 0);
            INSERT INTO daily_fleet_trips VALUES ('2000-01-01', 0, 0, 0, 0);
            """);

        (await RollupRecomputation.DifferencesAsync(connection)).Should().BeEmpty();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The random writes: each call runs one statement, most of them multi-row, chosen and filled from the random stream
    /// and the rows as they are now. Times stay within the months whose partitions <see cref="PrepareAsync"/> ensures.
    /// </summary>
    private sealed class WriteStream(NpgsqlConnection connection, Random random, DateTime anchorUtc)
    {
        private const int DaysBack = 50;
        private const int DaysAhead = 30;

        private readonly DateTime _today = anchorUtc.Date;
        private int[] _drivers = [];
        private List<(long Id, int DriverId, short Status, DateTime StartedAt)> _trips = [];
        private List<(long Id, int DriverId, DateTime OccurredAt)> _events = [];

        public Random Random => random;

        public HashSet<string> Kinds { get; } = [];

        public async Task PrepareAsync()
        {
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
                $"SELECT {HistoryPartitionsSql.EnsureFunction}('{_today.AddDays(-DaysBack - 40):yyyy-MM-dd}', '{_today.AddDays(DaysAhead + 40):yyyy-MM-dd}')"));
            _drivers = (await ReadAsync(connection, "SELECT id FROM drivers ORDER BY id", r => r.GetInt32(0))).ToArray();
            await ReloadAsync();
        }

        public async Task ReloadAsync()
        {
            _trips = await ReadAsync(connection, "SELECT id, driver_id, status, started_at FROM trips ORDER BY id",
                r => (r.GetInt64(0), r.GetInt32(1), r.GetInt16(2), r.GetDateTime(3)));
            _events = await ReadAsync(connection, "SELECT id, driver_id, occurred_at FROM safety_events ORDER BY id",
                r => (r.GetInt64(0), r.GetInt32(1), r.GetDateTime(2)));
        }

        public async Task<string> NextAsync()
        {
            var (kind, sql, parameters) = random.Next(15) switch
            {
                0 or 1 => InsertTrips(),
                2 => CompleteInProgressTrips(),
                3 => ChangeDistances(),
                4 => MoveTripsToOtherDays(),
                5 => MoveTripsToOtherDrivers(),
                6 => MoveAndChangeTrips(),
                7 => DeleteTrips(),
                8 => DeleteDriverHistory(),
                9 or 10 => InsertEvents(),
                11 => ChangeEvents(),
                12 => DeleteEvents(),
                13 => ("no-op update", "UPDATE trips SET distance_km = distance_km + 1 WHERE false", []),
                _ => ("update to the same values", "UPDATE trips SET distance_km = distance_km WHERE id % 7 = 3", []),
            };
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            var rows = await command.ExecuteNonQueryAsync();
            Kinds.Add(kind);
            await ReloadAsync();
            return $"{kind}: {rows} rows";
        }

        private (string, string, object[]) InsertTrips()
        {
            var n = 1 + random.Next(40);
            var (drivers, statuses, starts, ends, distances, durations) =
                (new int[n], new short[n], new DateTime[n], new DateTime?[n], new decimal[n], new int[n]);
            for (var i = 0; i < n; i++)
            {
                var inProgress = random.Next(4) == 0;
                var seconds = 300 + random.Next(4 * 3600);
                drivers[i] = Pick(_drivers);
                statuses[i] = inProgress ? (short)1 : (short)2;
                starts[i] = RandomInstant();
                ends[i] = inProgress ? null : starts[i].AddSeconds(seconds);
                distances[i] = inProgress ? 0m : RandomDistance();
                durations[i] = inProgress ? 0 : seconds;
            }

            return ("insert trips", """
                INSERT INTO trips (driver_id, vehicle_id, status, started_at, ended_at, distance_km, duration_seconds)
                SELECT driver, NULL, status, started, ended, km, seconds
                FROM unnest($1::int[], $2::smallint[], $3::timestamptz[], $4::timestamptz[], $5::numeric[], $6::int[])
                    AS u(driver, status, started, ended, km, seconds)
                """, [drivers, statuses, starts, ends, distances, durations]);
        }

        private (string, string, object[]) CompleteInProgressTrips()
        {
            var ids = Sample(_trips.Where(t => t.Status == 1).Select(t => t.Id).ToList(), 20);
            return ("complete in-progress trips", """
                UPDATE trips SET status = 2, ended_at = started_at + make_interval(secs => 600 + id % 5000),
                    duration_seconds = 600 + id % 5000, distance_km = round((id % 9000) / 37.0, 2)
                WHERE id = ANY($1)
                """, [ids]);
        }

        private (string, string, object[]) ChangeDistances()
        {
            var ids = Sample(_trips.Select(t => t.Id).ToList(), 30);
            return ("change distances and durations", """
                UPDATE trips SET distance_km = u.km, duration_seconds = u.seconds
                FROM unnest($1::bigint[], $2::numeric[], $3::int[]) AS u(id, km, seconds) WHERE trips.id = u.id
                """, [ids, ids.Select(_ => RandomDistance()).ToArray(), ids.Select(_ => random.Next(60, 20000)).ToArray()]);
        }

        private (string, string, object[]) MoveTripsToOtherDays()
        {
            // Whole days and a few hours: across UTC midnights, into other months (partitions) and back.
            var moves = Sample(_trips, 15).Select(t => (t.Id, Start: RandomInstant())).ToList();
            return ("move trips to other days", """
                UPDATE trips SET started_at = u.started, ended_at = CASE WHEN ended_at IS NULL THEN NULL ELSE u.started + (ended_at - started_at) END
                FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, started) WHERE trips.id = u.id
                """, [moves.Select(m => m.Id).ToArray(), moves.Select(m => m.Start).ToArray()]);
        }

        private (string, string, object[]) MoveTripsToOtherDrivers()
        {
            var trips = Sample(_trips, 15);
            return ("move trips to other drivers", """
                UPDATE trips SET driver_id = u.driver FROM unnest($1::bigint[], $2::int[]) AS u(id, driver) WHERE trips.id = u.id
                """, [trips.Select(t => t.Id).ToArray(), trips.Select(_ => Pick(_drivers)).ToArray()]);
        }

        private (string, string, object[]) MoveAndChangeTrips()
        {
            // A driver's newest trips are the likeliest to change which trip is its last: move some of them.
            var newest = _trips.GroupBy(t => t.DriverId).Select(g => g.MaxBy(t => t.StartedAt)).ToList();
            var trips = Sample(newest, 6).Concat(Sample(_trips, 6)).DistinctBy(t => t.Id).ToList();
            return ("move, re-assign and change trips", """
                UPDATE trips SET driver_id = u.driver, started_at = u.started, distance_km = u.km
                FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::numeric[]) AS u(id, driver, started, km) WHERE trips.id = u.id
                """, [trips.Select(t => t.Id).ToArray(), trips.Select(_ => Pick(_drivers)).ToArray(),
                    trips.Select(t => random.Next(2) == 0 ? Earlier(t.StartedAt) : RandomInstant()).ToArray(),
                    trips.Select(_ => RandomDistance()).ToArray()]);
        }

        private (string, string, object[]) DeleteTrips()
        {
            var newest = _trips.GroupBy(t => t.DriverId).Select(g => g.MaxBy(t => t.StartedAt).Id).ToList();
            var ids = Sample(newest, 4).Concat(Sample(_trips.Select(t => t.Id).ToList(), 20)).Distinct().ToArray();
            return ("delete trips", "DELETE FROM trips WHERE id = ANY($1)", [ids]);
        }

        private (string, string, object[]) DeleteDriverHistory() =>
            ("delete a driver's whole history", "DELETE FROM trips WHERE driver_id = $1", [Pick(_drivers)]);

        private (string, string, object[]) InsertEvents()
        {
            var trips = Enumerable.Range(0, 1 + random.Next(60)).Select(_ => Pick(_trips)).ToList();
            return ("insert events", """
                INSERT INTO safety_events (trip_id, driver_id, type, severity, occurred_at, speed_kmh)
                SELECT trip, driver, type, severity, occurred, 70.5
                FROM unnest($1::bigint[], $2::int[], $3::smallint[], $4::smallint[], $5::timestamptz[]) AS u(trip, driver, type, severity, occurred)
                """, [trips.Select(t => t.Id).ToArray(), trips.Select(t => t.DriverId).ToArray(),
                    trips.Select(_ => (short)random.Next(1, 7)).ToArray(), trips.Select(_ => (short)random.Next(1, 4)).ToArray(),
                    trips.Select(t => t.StartedAt.AddSeconds(random.Next(0, 4 * 3600))).ToArray()]);
        }

        private (string, string, object[]) ChangeEvents()
        {
            var events = Sample(_events, 25);
            return ("change events' type, severity, day and driver", """
                UPDATE safety_events SET type = u.type, severity = u.severity, occurred_at = u.occurred, driver_id = u.driver
                FROM unnest($1::bigint[], $2::smallint[], $3::smallint[], $4::timestamptz[], $5::int[]) AS u(id, type, severity, occurred, driver)
                WHERE safety_events.id = u.id
                """, [events.Select(e => e.Id).ToArray(), events.Select(_ => (short)random.Next(1, 7)).ToArray(),
                    events.Select(_ => (short)random.Next(1, 4)).ToArray(),
                    events.Select(e => random.Next(3) == 0 ? RandomInstant() : e.OccurredAt).ToArray(),
                    events.Select(e => random.Next(3) == 0 ? Pick(_drivers) : e.DriverId).ToArray()]);
        }

        private (string, string, object[]) DeleteEvents() =>
            ("delete events", "DELETE FROM safety_events WHERE id = ANY($1)", [Sample(_events.Select(e => e.Id).ToList(), 40).ToArray()]);

        private DateTime RandomInstant() =>
            _today.AddDays(random.Next(-DaysBack, DaysAhead)).AddSeconds(random.Next(86_400)).AddMilliseconds(random.Next(1000));

        private DateTime Earlier(DateTime instant)
        {
            var earlier = instant.AddDays(-random.Next(1, 20));
            return earlier < _today.AddDays(-DaysBack) ? RandomInstant() : earlier;
        }

        private decimal RandomDistance() => Math.Round((decimal)(random.NextDouble() * 400), 2);

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private List<T> Sample<T>(IReadOnlyList<T> items, int most) =>
            items.Count == 0 ? [] : Enumerable.Range(0, 1 + random.Next(most)).Select(_ => Pick(items)).Distinct().ToList();

        private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }
}
