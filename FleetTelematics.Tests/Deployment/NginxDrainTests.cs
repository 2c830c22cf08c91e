using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// A rolling stop as nginx sees it: two real API processes behind the deployed nginx.conf under steady reads, one
/// gets SIGTERM, drains and exits — and no client request fails, because the draining instance still serves and,
/// once it refuses connections, nginx passes the requests to the other.
/// </summary>
[NonParallelizable]
public sealed class NginxDrainTests
{
    private const int Workers = 4;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Sigterm_OneOfTwoBehindNginx_EveryClientRequestAnswers200AndTheInstanceExitsZero()
    {
        var connectionString = await TestDatabases.CreateFromTemplateAsync("nginx_drain");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = connectionString,
            ["Shutdown__DrainDelay"] = "00:00:02",
            ["Shutdown__Timeout"] = "00:00:10",
        };
        using var stopping = await ApiServerProcess.StartAsync(environment);
        using var staying = await ApiServerProcess.StartAsync(environment);
        using var nginx = await NginxInstance.StartAsync([stopping.BaseAddress, staying.BaseAddress]);
        using var client = new HttpClient { BaseAddress = nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));

        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("api/v1/admin/drivers?limit=5");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }
            }
        })).ToList();

        // Steady traffic first (both instances past their first, slow requests), then the signal.
        var warming = Stopwatch.StartNew();
        while (Volatile.Read(ref answered) < 40 && warming.Elapsed < Bound)
        {
            await Task.Delay(50);
        }

        var beforeSignal = Volatile.Read(ref answered);
        var signalled = Stopwatch.StartNew();
        await stopping.SignalAsync("TERM");
        var exited = await stopping.WaitForExitAsync(Bound);
        var stoppedAfter = signalled.Elapsed;
        var atExit = Volatile.Read(ref answered);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        exited.Should().BeTrue(stopping.Output);
        stopping.ExitCode.Should().Be(0, stopping.Output);
        stoppedAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.8), "the instance drained before it stopped");
        failures.Should().BeEmpty($"no client request may fail while an instance drains and stops; nginx: {nginx.ErrorLog}");
        beforeSignal.Should().BeGreaterThanOrEqualTo(40, "traffic was steady before the signal");
        Volatile.Read(ref answered).Should().BeGreaterThan(atExit, "the remaining instance serves on after the other exited");
        staying.HasExited.Should().BeFalse();
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        using var response = await client.PostAsync("api/v1/auth/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = "admin", ["password"] = "fleet-admin-dev" }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
