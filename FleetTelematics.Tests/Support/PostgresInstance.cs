using System.Globalization;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A private PostgreSQL cluster a test may stop and start under load without disturbing the shared one of
/// ./test.sh. Throw-away (<c>fsync=off</c>), on a free loopback port, its socket inside its own directory.
/// </summary>
public sealed class PostgresInstance : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-pg-").FullName;
    private bool _initialised;

    public PostgresInstance() => Port = LoopbackPorts.Free();

    public int Port { get; }

    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string for one database of this cluster (UTC sessions, like <see cref="TestServices"/>).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timezone=UTC";

    public async Task StartAsync()
    {
        if (!_initialised)
        {
            await InitialiseAsync();
        }

        var options = string.Join(' ', "-p", Port.ToString(CultureInfo.InvariantCulture), "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories={_directory}", "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "-c max_connections=200");
        await PostgresTools.PgToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "30", "-o", options, "start");
        IsRunning = true;
    }

    /// <summary>Stops the server the way an operator's restart does: sessions are cut, nothing waits for clients.</summary>
    public async Task StopAsync()
    {
        await PostgresTools.PgToolAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "30", "-m", "fast", "stop");
        IsRunning = false;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public void Dispose()
    {
        try
        {
            if (IsRunning)
            {
                StopAsync().GetAwaiter().GetResult();
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task InitialiseAsync()
    {
        // A fresh temp directory is 0700 and root's: the postgres user must be able to enter and own it.
        await PostgresTools.RunAsync("chmod", "755", _directory);
        if (PostgresTools.AsRoot)
        {
            await PostgresTools.RunAsync("chown", "postgres:postgres", _directory);
        }

        try
        {
            await PostgresTools.PgToolAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
        }
        catch (InvalidOperationException)
        {
            // Some images lack the C.UTF-8 locale; plain C sorts and compares the same for this fleet's ASCII data.
            Directory.Delete(DataDirectory, recursive: true);
            await PostgresTools.PgToolAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C");
        }

        _initialised = true;
    }
}
