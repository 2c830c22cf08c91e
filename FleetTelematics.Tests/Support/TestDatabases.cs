using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Databases for integration tests. A template is migrated and seeded once per run; every fixture gets its
/// own copy (CREATE DATABASE ... TEMPLATE), so fixtures never see each other's writes.
/// </summary>
public static class TestDatabases
{
    public const string TemplateName = "fleet_template";

    /// <summary>The fleet every integration fixture starts with: small, but with every status, band and event type.</summary>
    public static FleetSeedOptions Fleet { get; } = new(Drivers: 40, Vehicles: 25, Days: 14, Seed: 7);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _templateReady;

    public static DateTime SeedAnchorUtc { get; private set; }

    public static async Task<string> CreateFromTemplateAsync(string prefix)
    {
        await EnsureTemplateAsync();
        var name = UniqueName(prefix);
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"");
        return TestServices.ConnectionString(name);
    }

    public static async Task<string> CreateEmptyAsync(string prefix)
    {
        var name = UniqueName(prefix);
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"");
        return TestServices.ConnectionString(name);
    }

    public static async Task<NpgsqlDataSource> OpenAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var probe = await dataSource.OpenConnectionAsync();
        return dataSource;
    }

    public static FleetDbContext CreateContext(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<FleetDbContext>();
        FleetDbContextOptions.Configure(options, dataSource);
        return new FleetDbContext(options.Options);
    }

    /// <summary>Applies the migrations to an empty database and loads <see cref="Fleet"/>; returns the seed's anchor.</summary>
    public static async Task<DateTime> MigrateAndSeedAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var db = CreateContext(dataSource))
        {
            await db.Database.MigrateAsync();
        }

        var anchor = DateTime.UtcNow;
        await new FleetSeeder(dataSource).SeedAsync(Fleet, anchor, replaceExisting: false, null, CancellationToken.None);
        return anchor;
    }

    private static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();

    private static async Task EnsureTemplateAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)");
            await ExecuteOnServerAsync($"CREATE DATABASE \"{TemplateName}\"");
            SeedAnchorUtc = await MigrateAndSeedAsync(TestServices.ConnectionString(TemplateName));

            // CREATE DATABASE ... TEMPLATE needs the template to have no open connections.
            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServices.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
