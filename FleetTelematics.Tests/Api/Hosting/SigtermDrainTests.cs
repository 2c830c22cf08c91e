using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>
/// SIGTERM on the real process: readiness fails at once while the server still serves for the drain, then the
/// listener closes, the request in flight completes, and the process exits 0. The request is held in flight by a
/// table lock this test keeps on the drivers, so nothing here depends on a request merely being slow.
/// </summary>
public sealed class SigtermDrainTests
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Sigterm_RequestInFlight_DrainsThenRefusesThenCompletesAndExitsZero()
    {
        var connectionString = await TestDatabases.CreateFromTemplateAsync("sigterm_drain");
        using var server = await ApiServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = connectionString,
            ["Shutdown__DrainDelay"] = "00:00:05",
            ["Shutdown__Timeout"] = "00:00:30",
            // The request in flight waits on the lock for the whole drain: longer than the default statement timeout.
            ["Database__CommandTimeout"] = "00:01:00",
        });
        var token = await LoginAsync(server.BaseAddress);
        (await GetAsync(server.BaseAddress, "health/ready")).Status.Should().Be(HttpStatusCode.OK, "ready before the signal");

        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var locker = await database.OpenConnectionAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockDrivers = new NpgsqlCommand("LOCK TABLE drivers IN ACCESS EXCLUSIVE MODE", locker, transaction))
        {
            await lockDrivers.ExecuteNonQueryAsync();
        }

        using var inFlightClient = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        inFlightClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var inFlight = inFlightClient.GetAsync("api/v1/admin/drivers");
        await WaitUntilAsync(async () => await WaitingOnLocksAsync(database) > 0, "the driver list to block on the lock");

        var signalled = Stopwatch.StartNew();
        await server.SignalAsync("TERM");

        await WaitUntilAsync(async () => (await GetAsync(server.BaseAddress, "health/ready")).Status == HttpStatusCode.ServiceUnavailable,
            "readiness to answer 503");
        var becameUnready = signalled.Elapsed;
        var ready = await GetAsync(server.BaseAddress, "health/ready");
        var live = await GetAsync(server.BaseAddress, "health/live");
        var servedWhileDraining = signalled.Elapsed;

        ready.Status.Should().Be(HttpStatusCode.ServiceUnavailable, server.Output);
        ready.Body.Should().Contain("draining");
        live.Status.Should().Be(HttpStatusCode.OK, "liveness stays up: restarting a draining instance would drop its requests");
        live.ConnectionClose.Should().BeTrue("a kept-alive client is told to reconnect, to an instance that stays");
        servedWhileDraining.Should().BeLessThan(DrainDelay, "both probes were answered within the drain");
        becameUnready.Should().BeLessThan(TimeSpan.FromSeconds(3), "readiness fails as the signal arrives, not after the drain");
        inFlight.IsCompleted.Should().BeFalse("the lock still holds the request");

        await WaitUntilAsync(() => Task.FromResult(RefusesConnections(server.BaseAddress)), "the listener to close");
        var refusedAfter = signalled.Elapsed;
        refusedAfter.Should().BeGreaterThanOrEqualTo(DrainDelay - TimeSpan.FromMilliseconds(200),
            "the server keeps accepting for the whole drain");
        server.HasExited.Should().BeFalse("the request in flight keeps the process until it completes");
        inFlight.IsCompleted.Should().BeFalse();

        await transaction.RollbackAsync();
        using var response = await inFlight.WaitAsync(Bound);
        var exited = await server.WaitForExitAsync(Bound);

        response.StatusCode.Should().Be(HttpStatusCode.OK, server.Output);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().Should().BePositive();
        exited.Should().BeTrue(server.Output);
        server.ExitCode.Should().Be(0, server.Output);
        server.Output.Should().Contain("Draining for 5 s");
    }

    private sealed record Answer(HttpStatusCode Status, string Body, bool ConnectionClose);

    // A client per request: a new connection each time, as a balancer's probe or a new visitor would open.
    private static async Task<Answer> GetAsync(Uri baseAddress, string path)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var response = await client.GetAsync(path);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ConnectionClose == true);
    }

    private static async Task<string> LoginAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var response = await client.PostAsync("api/v1/auth/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = "admin", ["password"] = "fleet-admin-dev" }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<long> WaitingOnLocksAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static bool RefusesConnections(Uri baseAddress)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, baseAddress.Port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            waited.Elapsed.Should().BeLessThan(Bound, $"waiting for {what}");
            await Task.Delay(50);
        }
    }
}
