using FleetTelematics.Infrastructure.Persistence.Seeding;
using FleetTelematics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetTelematics.Tests.Infrastructure.Persistence;

/// <summary>Migrates a fresh database and bulk-loads fleets into it, against the real PostgreSQL.</summary>
public sealed class FleetSeederTests
{
    private static readonly FleetSeedOptions Options = new(Drivers: 60, Vehicles: 30, Days: 10, Seed: 3);
    private NpgsqlDataSource _dataSource = null!;

    [SetUp]
    public async Task CreateMigratedDatabase()
    {
        _dataSource = await TestDatabases.OpenAsync(await TestDatabases.CreateEmptyAsync("seeder"));
        await using var db = TestDatabases.CreateContext(_dataSource);
        await db.Database.MigrateAsync();
    }

    [TearDown]
    public async Task Dispose() => await _dataSource.DisposeAsync();

    [Test]
    public async Task SeedAsync_EmptyDatabase_LoadsExactlyWhatTheGeneratorProduces()
    {
        var anchor = DateTime.UtcNow;
        var expected = new FleetGenerator(Options, anchor).Activity().ToList();

        var result = await new FleetSeeder(_dataSource).SeedAsync(Options, anchor, false, null, CancellationToken.None);

        result.Should().Be(new SeedResult(Options.Vehicles, Options.Drivers,
            expected.Sum(a => a.Trips.Count), expected.Sum(a => a.Events.Count)));
        (await CountAsync("drivers")).Should().Be(Options.Drivers);
        (await CountAsync("trips")).Should().Be(result.Trips);
        (await CountAsync("safety_events")).Should().Be(result.SafetyEvents);
        (await ScalarAsync<string>("SELECT public_id FROM drivers WHERE id = 7")).Should().Be("DRV-0007");
        (await ScalarAsync<long>("SELECT count(DISTINCT status) FROM drivers")).Should().Be(3);
        (await ScalarAsync<decimal>("SELECT round(sum(distance_km), 2) FROM trips"))
            .Should().Be(expected.SelectMany(a => a.Trips).Sum(t => t.DistanceKm));
    }

    [Test]
    public async Task SeedAsync_Afterwards_NewRowsContinueTheIdSequences()
    {
        await new FleetSeeder(_dataSource).SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);

        var nextId = await ScalarAsync<int>(
            "INSERT INTO drivers (name, email, phone, license_number, city, status, risk_score, hire_date, created_at, updated_at) " +
            "VALUES ('New', 'new@x.example', '1', 'L-NEW', 'Oslo', 1, 10, current_date, now(), now()) RETURNING id");

        nextId.Should().Be(Options.Drivers + 1);
    }

    [Test]
    public async Task HasFleetDataAsync_ReflectsDriversNotUsers()
    {
        var seeder = new FleetSeeder(_dataSource);
        await ExecuteAsync("INSERT INTO users (username, password_hash, role, created_at) VALUES ('u', 'h', 1, now())");

        (await seeder.HasFleetDataAsync(CancellationToken.None)).Should().BeFalse();
        await seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);
        (await seeder.HasFleetDataAsync(CancellationToken.None)).Should().BeTrue();
    }

    [Test]
    public async Task SeedAsync_ReplaceExisting_ReplacesFleetAndKeepsUsers()
    {
        var seeder = new FleetSeeder(_dataSource);
        await ExecuteAsync("INSERT INTO users (username, password_hash, role, created_at) VALUES ('keeper', 'h', 1, now())");
        await seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);

        await seeder.SeedAsync(Options with { Drivers = 10 }, DateTime.UtcNow, replaceExisting: true, null, CancellationToken.None);

        (await CountAsync("drivers")).Should().Be(10);
        (await CountAsync("users")).Should().Be(1);
    }

    [Test]
    public async Task SeedAsync_ReplaceExisting_RestoresIndexesKeysAndTriggersAndFillsTheRollups()
    {
        var seeder = new FleetSeeder(_dataSource);
        var migrated = await HistorySchemaAsync();
        await seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);

        await seeder.SeedAsync(Options with { Drivers = 45, Seed = 4 }, DateTime.UtcNow, replaceExisting: true, null, CancellationToken.None);

        (await HistorySchemaAsync()).Should().Equal(migrated, "the indexes, keys and triggers the seed set aside are back as they were");
        (await ScalarAsync<long>("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).Should().Be(0);
        (await ScalarAsync<long>("""
            SELECT count(*) FROM pg_inherits h
            WHERE h.inhparent = ANY('{trips,safety_events}'::regclass[])
              AND (SELECT count(*) FROM pg_index WHERE indrelid = h.inhrelid) <> (SELECT count(*) FROM pg_index WHERE indrelid = h.inhparent)
            """)).Should().Be(0, "every partition has every index of its table");
        await using var connection = await _dataSource.OpenConnectionAsync();
        (await RollupRecomputation.DifferencesAsync(connection)).Should().BeEmpty();

        await ExecuteAsync("INSERT INTO trips (driver_id, status, started_at, distance_km, duration_seconds) VALUES (3, 1, now(), 0, 0)");
        (await RollupRecomputation.DifferencesAsync(connection)).Should().BeEmpty("the triggers keep the roll-ups again");
    }

    [Test]
    public async Task SeedAsync_OverExistingWithoutReplace_FailsAndChangesNothing()
    {
        var seeder = new FleetSeeder(_dataSource);
        await seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);
        var trips = await CountAsync("trips");

        var act = () => seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);

        await act.Should().ThrowAsync<PostgresException>();
        (await CountAsync("trips")).Should().Be(trips);
    }

    /// <summary>The definitions of the history's indexes, foreign keys (roll-ups' included) and triggers, with their state.</summary>
    private async Task<List<string>> HistorySchemaAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY('{trips,safety_events}'::regclass[])
            UNION ALL
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conparentid = 0
              AND conrelid = ANY('{trips,safety_events,driver_trip_totals,daily_driver_events}'::regclass[])
            UNION ALL
            SELECT tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger
            WHERE tgrelid = ANY('{trips,safety_events}'::regclass[]) AND NOT tgisinternal
            ORDER BY 1
            """);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private Task<long> CountAsync(string table) => ScalarAsync<long>($"SELECT count(*) FROM {table}");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
