namespace FleetTelematics.Tests.Support;

/// <summary>
/// Addresses of the real PostgreSQL and Redis that ./test.sh started. Missing addresses fail the tests that
/// need them: a suite that silently skips its database tests would be a lie.
/// </summary>
public static class TestServices
{
    public static string PostgresServer => Require("FLEET_TEST_POSTGRES");

    /// <summary>The streaming standby of <see cref="PostgresServer"/> that ./test.sh started (replays every database of it).</summary>
    public static string PostgresStandbyServer => Require("FLEET_TEST_POSTGRES_STANDBY");

    public static string Redis => Require("FLEET_TEST_REDIS");

    /// <summary>The shared 3-master Redis Cluster of ./test.sh, as a StackExchange.Redis configuration (its seed nodes).</summary>
    public static string RedisCluster => Require("FLEET_TEST_REDIS_CLUSTER");

    public static string RedisServerBinary => Require("FLEET_TEST_REDIS_SERVER");

    /// <summary>redis-cli, for tests that create and reshard clusters of their own.</summary>
    public static string RedisCliBinary => Require("FLEET_TEST_REDIS_CLI");

    /// <summary>Where initdb and pg_ctl live, for tests that run a PostgreSQL of their own.</summary>
    public static string PostgresBinDirectory => Require("FLEET_TEST_PG_BINDIR");

    /// <summary>The nginx binary, for the tests that put the deployed nginx.conf in front of real instances.</summary>
    public static string NginxBinary => Require("FLEET_TEST_NGINX");

    public static string? Chromium => Environment.GetEnvironmentVariable("FLEET_TEST_CHROMIUM") is { Length: > 0 } path ? path : null;

    // UTC sessions, so "::date" in the tests' independent SQL means the same UTC day the API uses.
    public static string ConnectionString(string database) => $"{PostgresServer};Database={database};Timezone=UTC";

    public static string StandbyConnectionString(string database) => $"{PostgresStandbyServer};Database={database};Timezone=UTC";

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the suite through ./test.sh, which starts the services.");
}
