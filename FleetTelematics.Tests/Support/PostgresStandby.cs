using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A private streaming standby of the shared primary of ./test.sh (<c>pg_basebackup -R</c> into a temp directory), which a
/// test may pause, delay, stop and start without disturbing the shared standby. It replays every database of the primary.
/// </summary>
public sealed class PostgresStandby : IAsyncDisposable
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-standby-").FullName;

    /// <summary>Picks the port, so a host can be pointed at the standby before it runs.</summary>
    public PostgresStandby() => Port = LoopbackPorts.Free();

    public int Port { get; }

    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Clones the shared primary and starts the clone as a hot standby streaming from it.</summary>
    public async Task StartAsync()
    {
        await CloneAsync();
        await StartServerAsync();
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timezone=UTC";

    /// <summary>Stops replaying (WAL still arrives): the standby's data stays as it is until <see cref="ResumeReplayAsync"/>.</summary>
    public Task PauseReplayAsync() => ExecuteAsync("SELECT pg_wal_replay_pause()");

    public Task ResumeReplayAsync() => ExecuteAsync("SELECT pg_wal_replay_resume()");

    /// <summary>Replays each commit only this long after it happened on the primary (<c>recovery_min_apply_delay</c>).</summary>
    public async Task SetApplyDelayAsync(TimeSpan delay)
    {
        await ExecuteAsync($"ALTER SYSTEM SET recovery_min_apply_delay = '{(int)delay.TotalMilliseconds}ms'");
        await ExecuteAsync("SELECT pg_reload_conf()");
    }

    /// <summary>Waits until the standby has replayed what the primary has inserted now (a database just created, a write).</summary>
    public async Task CatchUpAsync()
    {
        NpgsqlLogSequenceNumber target;
        await using (var primary = new NpgsqlConnection(TestServices.ConnectionString("postgres")))
        {
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", primary);
            target = (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())!;
        }

        await WaitForReplayAsync(ConnectionString("postgres") + ";Pooling=false", target);
    }

    /// <summary>Stops the server as an operator's fast shutdown does.</summary>
    public async Task StopAsync()
    {
        await PostgresTools.PgToolAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "30", "-m", "fast", "stop");
        IsRunning = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsRunning)
            {
                await StopAsync();
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Polls <paramref name="connectionString"/>'s replay position until it reaches <paramref name="target"/>.</summary>
    public static async Task WaitForReplayAsync(string connectionString, NpgsqlLogSequenceNumber target)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + CatchUpTimeout;
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
            if ((NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())! >= target)
            {
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"the standby replays up to {target} within {CatchUpTimeout}");
            await Task.Delay(10);
        }
    }

    private async Task CloneAsync()
    {
        var primary = new NpgsqlConnectionStringBuilder(TestServices.PostgresServer);
        // pg_basebackup runs as the cluster's owner, which must be able to enter and write the temp directory. A fast
        // checkpoint: the default spreads the backup's starting checkpoint over minutes of a busy primary.
        await PostgresTools.RunAsync("chmod", "755", _directory);
        if (PostgresTools.AsRoot)
        {
            await PostgresTools.RunAsync("chown", "postgres:postgres", _directory);
        }

        // By the time a test gets here the shared primary holds every fixture's database so far: a few hundred MB.
        await PostgresTools.PgToolAsync(TimeSpan.FromMinutes(5), "pg_basebackup", "-h", primary.Host!, "-p", primary.Port.ToString(CultureInfo.InvariantCulture),
            "-U", "postgres", "-D", DataDirectory, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync");
    }

    /// <summary>Starts (or, after <see cref="StopAsync"/>, restarts) the server; it resumes streaming where it was.</summary>
    public async Task StartServerAsync()
    {
        // A hot standby needs max_connections and max_wal_senders at least as high as the primary's (scripts/postgres-standby.sh).
        var options = string.Join(' ', "-p", Port.ToString(CultureInfo.InvariantCulture), "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories={_directory}", "-c fsync=off -c hot_standby=on -c max_connections=200 -c max_wal_senders=10");
        await PostgresTools.PgToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", options, "start");
        IsRunning = true;
    }

    private async Task ExecuteAsync(string sql)
    {
        // Unpooled: a pooled connection would be broken after a restart of the standby.
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
