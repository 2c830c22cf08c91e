using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>
/// The PostgreSQL streaming standby of <c>ConnectionStrings:FleetReplica</c>: its own data source (named
/// <c>fleet-replica</c>, so its pool and metrics are told apart) and its own pool of contexts. Without the setting it is
/// <see cref="None"/>, and every read stays on the primary.
/// </summary>
public sealed class StandbyDatabase : IAsyncDisposable
{
    public const string DataSourceName = "fleet-replica";

    private readonly NpgsqlDataSource? _dataSource;
    private readonly PooledDbContextFactory<FleetDbContext>? _contexts;

    private StandbyDatabase(NpgsqlDataSource? dataSource)
    {
        _dataSource = dataSource;
        if (dataSource is not null)
        {
            var options = new DbContextOptionsBuilder<FleetDbContext>();
            FleetDbContextOptions.Configure(options, dataSource);
            _contexts = new PooledDbContextFactory<FleetDbContext>(options.Options);
        }
    }

    /// <summary>No standby: reads run on the primary, and nothing asks for a replay position.</summary>
    public static StandbyDatabase None { get; } = new(null);

    public bool IsConfigured => _dataSource is not null;

    public NpgsqlDataSource DataSource =>
        _dataSource ?? throw new InvalidOperationException("No standby is configured (ConnectionStrings:FleetReplica).");

    public static StandbyDatabase Of(NpgsqlDataSource dataSource) => new(dataSource);

    /// <summary>A context on the standby, from its pool; disposing it returns it.</summary>
    public Task<FleetDbContext> CreateContextAsync(CancellationToken cancellationToken) =>
        (_contexts ?? throw new InvalidOperationException("No standby is configured.")).CreateDbContextAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
