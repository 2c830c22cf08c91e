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
    public async Task SeedAsync_OverExistingWithoutReplace_FailsAndChangesNothing()
    {
        var seeder = new FleetSeeder(_dataSource);
        await seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);
        var trips = await CountAsync("trips");

        var act = () => seeder.SeedAsync(Options, DateTime.UtcNow, false, null, CancellationToken.None);

        await act.Should().ThrowAsync<PostgresException>();
        (await CountAsync("trips")).Should().Be(trips);
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
