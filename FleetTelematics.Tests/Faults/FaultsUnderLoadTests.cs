using System.Diagnostics;
using FleetTelematics.Api.Caching;
using FluentAssertions.Execution;
using static System.FormattableString;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Issue 9, part 4: the API under a steady mix of cached reads and driver writes while its Redis is killed, its
/// Redis is frozen, and its PostgreSQL is stopped — each fault held for seconds, then undone. Every scenario prints
/// its figures and adds them to a markdown table; it fails on a 5xx the contract does not allow, on a cached answer
/// that differs from the oracle's after recovery, on an acknowledged write the database does not hold, and on a
/// request slower than the store's timeout plus a normal miss.
/// </summary>
[NonParallelizable]
public sealed class FaultsUnderLoadTests
{
    private const int Workers = 8;
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FaultHeld = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1.5);

    // Far beyond any scenario (about 15 s): only a test that lost track of its load ever reaches it.
    private static readonly TimeSpan LoadHardLimit = TimeSpan.FromSeconds(90);

    private FaultLab _lab = null!;
    private FiguresReport _report = null!;
    private LatencyBound _bound = null!;

    [OneTimeSetUp]
    public async Task StartLabAndMeasureNormalMiss()
    {
        _lab = await FaultLab.StartAsync();
        _report = new FiguresReport(ReportPath("figures.md"), Setting);
        TestContext.Progress.WriteLine($"faults: figures table at {_report.Path}");

        // JIT, connection pools and first computations, through both instances, before anything is measured.
        await LoadAsync(_lab.Cached, "warm-up", WarmUp);
        await LoadAsync(_lab.Oracle, "warm-up", WarmUp);

        var baseline = await LoadAsync(_lab.Oracle, "baseline", Steady);
        RequestCsv.Write(ReportPath("baseline.csv"), baseline.Requests);
        var failed = baseline.Requests.Where(r => r.Status is < 200 or > 299).ToList();
        failed.Should().BeEmpty("the oracle serves the mix without errors before any fault: {0}", Evidence(failed));
        var latencies = baseline.Requests.Select(r => r.LatencyMs).ToList();
        _bound = new LatencyBound(FaultLab.OperationTimeout.TotalMilliseconds, latencies.Max());
        _report.Baseline = Invariant(
            $"Normal miss, measured first: the same load through the oracle (caching off), {latencies.Count} requests, p50 {ScenarioFigures.Percentile(latencies, 0.5):0.0} ms, p99 {ScenarioFigures.Percentile(latencies, 0.99):0.0} ms, max {_bound.NormalMissMs:0.0} ms. Latency bound: {_bound}.");
        _report.Write();
        TestContext.Progress.WriteLine($"faults: {_report.Baseline}");
        foreach (var warning in _lab.CachedLog.WarningsSince(_lab.StartedAt))
        {
            TestContext.Progress.WriteLine($"faults:   while starting, the API warned at {warning}");
        }
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [SetUp]
    public Task EnsureServicesUp() => _lab.EnsureServicesUpAsync();

    [Test, Order(1)]
    public async Task RedisKilledAndRestarted_NoErrorsNoStaleReadsNoLostWritesNoSlowRequests()
    {
        var run = await RunScenarioAsync("redis killed", () =>
        {
            _lab.Redis.Kill();
            return Task.CompletedTask;
        }, () => _lab.Redis.StartAsync()); // append-only: it comes back with the entries it held

        AssertScenario(run, allowedServerError: null, faultFelt: r => r.CacheStatus == CachedEntryResult.Bypass);
    }

    [Test, Order(2)]
    public async Task RedisFrozenAndThawed_NoErrorsNoStaleReadsNoLostWritesNoSlowRequests()
    {
        var run = await RunScenarioAsync("redis frozen", () =>
        {
            _lab.Redis.Freeze();
            return Task.CompletedTask;
        }, () =>
        {
            _lab.Redis.Thaw();
            return Task.CompletedTask;
        });

        AssertScenario(run, allowedServerError: null, faultFelt: r => r.CacheStatus == CachedEntryResult.Bypass);
    }

    [Test, Order(3)]
    public async Task PostgresStoppedAndStarted_Only503WithRetryAfterNoStaleReadsNoLostWritesNoSlowRequests()
    {
        var run = await RunScenarioAsync("postgres stopped", () => _lab.Postgres.StopAsync(), () => _lab.StartPostgresAsync());

        AssertScenario(run, allowedServerError: 503, faultFelt: r => r.Status >= 500 || r.CacheStatus == CachedEntryResult.Stale, requests =>
        {
            var malformed = requests.Where(r => r.Status == 503 && !(r.IsProblemJson && r.HasRetryAfter)).ToList();
            malformed.Should().BeEmpty("every 503 is a problem+json with Retry-After: {0}", Evidence(malformed));
            requests.Should().Contain(r => r.Kind == CachePrefixes.TripActivity && r.CacheStatus == CachedEntryResult.Stale,
                "trip activity entries age out during the outage (TTL {0}) and are served stale rather than 503", FaultLab.TripActivityTtl);
        });
    }

    private async Task<ScenarioRun> RunScenarioAsync(string scenario, Func<Task> fault, Func<Task> recover)
    {
        var before = await _lab.ReadDriversAsync();
        var load = LoadDriver.Start(_lab.Cached, _lab.Tokens, Plans(scenario, before), LoadHardLimit);
        // One uncached reader beside the load: what a normal miss costs at the same moment, on this shared machine.
        var probe = LoadDriver.Start(_lab.Oracle, _lab.Tokens, [new WorkerPlan(scenario + " probe", Workers, Workers + 1, before, readsOnly: true)],
            LoadHardLimit);
        var started = load.StartedAt;
        var steps = new List<string>();
        void Step(string name) => steps.Add(Invariant($"{name} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));

        Exception? failure = null;
        var faultAtMs = double.NaN;
        try
        {
            await Task.Delay(Steady);
            Step("fault");
            faultAtMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await fault();
            await Task.Delay(FaultHeld);
            Step("recovery");
            await recover();
            await _lab.WaitUntilHealthyAsync();
            Step("healthy");
            await Task.Delay(Steady);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        var result = await load.StopAsync();
        var concurrentMisses = (await probe.StopAsync()).Requests.Where(r => r.Status is >= 200 and < 300).Select(r => r.LatencyMs).DefaultIfEmpty(0);
        var bound = _bound with { NormalMissMs = Math.Max(_bound.NormalMissMs, concurrentMisses.Max()) };
        Step("stopped");
        var stale = await StaleReadCheck.RunAsync(_lab.Cached, _lab.Oracle, _lab.Tokens.Viewer, CachedReads.All);
        var writes = WriteCheck.Verify(result.Writes, before, await _lab.ReadDriversAsync());
        var figures = ScenarioFigures.From(scenario, result.Requests, stale, writes, bound);
        _report.Add(figures);
        RequestCsv.Write(ReportPath(scenario.Replace(' ', '-') + ".csv"), result.Requests);
        var run = new ScenarioRun(figures, result, string.Join(", ", steps), failure, _lab.CachedLog.ErrorsSince(started), _lab.CachedLog.WarningsSince(started), bound, faultAtMs);
        TestContext.Progress.WriteLine($"faults: {figures.ToLine()}");
        TestContext.Progress.WriteLine($"faults:   timeline {run.Timeline}");
        foreach (var warning in run.ServerWarnings)
        {
            TestContext.Progress.WriteLine($"faults:   server warned at {warning}");
        }

        foreach (var error in run.ServerErrors)
        {
            TestContext.Progress.WriteLine($"faults:   server logged {error}");
        }

        return run;
    }

    private void AssertScenario(ScenarioRun run, int? allowedServerError, Func<RequestRecord, bool> faultFelt,
        Action<IReadOnlyList<RequestRecord>>? alsoAssert = null)
    {
        var requests = run.Load.Requests;
        var figures = run.Figures;
        using var scope = new AssertionScope(figures.Scenario);
        run.TimelineFailure.Should().BeNull("the fault is made and undone, and the API is healthy again, within bounds");

        var serverErrors = requests.Where(r => r.Status >= 500 && r.Status != allowedServerError).ToList();
        serverErrors.Should().BeEmpty(allowedServerError is null ? "no 5xx while a cache store fails: {0}; server log: {1}"
            : "no 5xx but 503 while PostgreSQL is down: {0}; server log: {1}", Evidence(serverErrors), string.Join(" | ", run.ServerErrors));
        var unanswered = requests.Where(r => r.Status == 0).ToList();
        unanswered.Should().BeEmpty("every request gets an answer within the client's timeout: {0}", Evidence(unanswered));
        var clientErrors = requests.Where(r => r.Status is >= 400 and < 500).ToList();
        clientErrors.Should().BeEmpty("the load sends only valid requests: {0}", Evidence(clientErrors));

        requests.Should().Contain(r => r.CacheStatus == CachedEntryResult.Hit, "the cache serves hits around the fault");
        requests.Should().Contain(r => faultFelt(r), "the load felt the fault (otherwise this scenario proves nothing)");

        figures.StaleReads.StaleReads.Should().BeEmpty("after recovery every cached answer equals the oracle's");
        figures.Writes.Acknowledged.Should().BePositive("writes are acknowledged around the fault");
        figures.Writes.Failures.Should().BeEmpty("every acknowledged write is in PostgreSQL");
        figures.Writes.Checked.Should().Be(figures.Writes.Acknowledged);

        var slow = requests.Where(r => r.LatencyMs > run.Bound.Ms + run.Bound.OnsetAllowanceMs(r, run.FaultAtMs))
            .OrderByDescending(r => r.LatencyMs).ToList();
        slow.Should().BeEmpty("no request takes longer than {0} (one more timeout only at the fault's first instant): {1}", run.Bound, Evidence(slow));
        var atOnset = requests.Count(r => r.LatencyMs > run.Bound.Ms);
        TestContext.Progress.WriteLine(Invariant($"faults:   {figures.Scenario}: {atOnset} request(s) at the fault's first instant took more than {run.Bound.Ms:0.0} ms"));
        alsoAssert?.Invoke(requests);
    }

    private async Task<LoadResult> LoadAsync(HttpClient target, string label, TimeSpan duration)
    {
        var load = LoadDriver.Start(target, _lab.Tokens, Plans(label, await _lab.ReadDriversAsync()), LoadHardLimit);
        await Task.Delay(duration);
        return await load.StopAsync();
    }

    private static string Setting => Invariant(
        $"{Workers} workers, {WorkerPlan.WriteWeight} % driver writes; each scenario: {Steady.TotalSeconds} s steady, fault held ") + Invariant(
        $"{FaultHeld.TotalSeconds} s, recovery, wait until healthy, {Steady.TotalSeconds} s steady. Caching:OperationTimeout ") + Invariant(
        $"{FaultLab.OperationTimeout.TotalMilliseconds} ms, Caching:BreakDuration {FaultLab.BreakDuration.TotalSeconds} s, ") + Invariant(
        $"Caching:Ttl:trip_activity {FaultLab.TripActivityTtl.TotalSeconds} s (every other TTL as declared).");

    /// <summary>Beside the test assembly, so the files outlive ./test.sh's temporary results directory.</summary>
    private static string ReportPath(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "faults-under-load." + name);

    private static List<WorkerPlan> Plans(string label, IReadOnlyDictionary<string, DriverState> before) =>
        [.. Enumerable.Range(0, Workers).Select(worker => new WorkerPlan(label, worker, Workers, before))];

    /// <summary>The first few offending requests, when they started and what they got, for the failure message.</summary>
    private static string Evidence(IReadOnlyCollection<RequestRecord> requests) =>
        requests.Count == 0 ? "none" : $"{requests.Count} in all, e.g. " + string.Join("; ", requests.Take(5).Select(r =>
            Invariant($"{r.StartedAtMs / 1000:0.00} s {(r.Kind == PlannedRequest.DriverPatchKind ? "PATCH" : "GET")} {r.Url} → {r.Status} {r.CacheStatus ?? "-"} in {r.LatencyMs:0} ms")));
}
