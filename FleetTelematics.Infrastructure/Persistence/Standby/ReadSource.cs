using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>Where one read runs: a data source for raw SQL and a context for LINQ, both on the same server.</summary>
public sealed record ReadSource(NpgsqlDataSource DataSource, FleetDbContext Db);
