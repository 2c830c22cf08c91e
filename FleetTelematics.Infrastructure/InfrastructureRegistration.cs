using System.Data.Common;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureRegistration
{
    public const string ConnectionStringName = "Fleet";

    /// <summary>Optional: a PostgreSQL streaming standby of the primary, for the computations of cached reads (ADR-015).</summary>
    public const string ReplicaConnectionStringName = "FleetReplica";

    /// <summary>Registers persistence (PostgreSQL through one shared data source), the history's partitions, and seeding.</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Resolved lazily so hosts that add configuration late (the test host) are seen; the first resolution
        // happens during start-up, so a missing connection string still stops the process before it serves.
        builder.Services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddSingleton<DatabaseOutages>();
        builder.Services.AddDbContextPool<FleetDbContext>((sp, options) =>
            FleetDbContextOptions.Configure(options, sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<FleetSeeder>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HistoryPartitions>();
        builder.Services.AddSingleton<HistoryPruner>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<SlowQueryLog>();
        AddStandby(builder.Services);

        return builder;
    }

    /// <summary>
    /// The standby and the gate in front of it: <see cref="StandbyDatabase.None"/> without the setting, so every read
    /// stays on the primary and no replay position is ever asked for. Decided at first resolution, like the primary.
    /// </summary>
    private static void AddStandby(IServiceCollection services)
    {
        services.AddOptions<StandbyOptions>().BindConfiguration(StandbyOptions.SectionName).ValidateDataAnnotations()
            .Validate<IConfiguration>((_, configuration) => NamesOneServerAtMost(configuration.GetConnectionString(ReplicaConnectionStringName)),
                $"ConnectionStrings__{ReplicaConnectionStringName} must name exactly one standby (Host=standby-1;...), not a list: " +
                "a read is sent to it only once that same server has replayed the primary's position (ADR-015).")
            .ValidateOnStart();
        services.AddSingleton(sp =>
            sp.GetRequiredService<IConfiguration>().GetConnectionString(ReplicaConnectionStringName) is { Length: > 0 } standby
                ? StandbyDatabase.Of(CreateDataSource(standby, StandbyDatabase.DataSourceName, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value))
                : StandbyDatabase.None);
        services.AddSingleton<IWalPositions>(sp => new WalPositions(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<StandbyDatabase>()));
        services.AddSingleton<ReplicaReadMetrics>();
        services.AddSingleton<ReplayGate>();
        services.AddScoped<FleetReads>();
    }

    /// <summary>
    /// The gate reads the replay position on one connection and the query runs on another: with several hosts they could
    /// be different standbys, one of them behind. So the standby setting names exactly one server (or none).
    /// </summary>
    private static bool NamesOneServerAtMost(string? connectionString) =>
        string.IsNullOrWhiteSpace(connectionString) ||
        new NpgsqlConnectionStringBuilder(connectionString).Host is { Length: > 0 } host && !host.Contains(',', StringComparison.Ordinal);

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration, DatabaseOptions options)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL connection string is missing: set ConnectionStrings__{ConnectionStringName} " +
                "(for example \"Host=localhost;Port=5432;Database=fleet;Username=fleet;Password=...\").");
        }

        // One data source for EF Core and for the raw aggregate queries, so both share a pool and its metrics.
        return CreateDataSource(connectionString, "fleet", options);
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString, string name, DatabaseOptions options)
    {
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
        // Short defaults so an unreachable or hung database becomes a 503 in seconds; explicit settings win.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Timeout"))
        {
            dataSourceBuilder.ConnectionStringBuilder.Timeout = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds);
        }

        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            dataSourceBuilder.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        }

        return dataSourceBuilder.Build();
    }
}
