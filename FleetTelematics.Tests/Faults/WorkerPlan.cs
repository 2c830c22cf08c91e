using System.Globalization;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// What one load worker sends: a seeded, weighted choice of cached reads and 5 % driver writes. Each worker writes
/// only its own drivers, one request at a time, so the order of a driver's writes is the order they were sent.
/// </summary>
public sealed class WorkerPlan
{
    public const int WriteWeight = 5;
    public const int DriversPerWorker = 3;

    // 37 and 1001 are coprime: k * 37 mod 1001 visits every score 0.0–100.0 once before repeating.
    private const int ScoreSteps = 1001;
    private const int ScoreStride = 37;

    private readonly Random _random;
    private readonly IReadOnlyList<string> _drivers;
    private readonly IReadOnlyDictionary<string, DriverState> _initial;
    private readonly string _label;
    private readonly int _writeWeight;
    private readonly Dictionary<string, (int Start, int Used)> _scores = new(StringComparer.Ordinal);
    private int _writes;

    /// <param name="readsOnly">A probe that measures alongside the load without changing what it checks.</param>
    public WorkerPlan(string label, int worker, int workers, IReadOnlyDictionary<string, DriverState> initial, bool readsOnly = false)
    {
        _writeWeight = readsOnly ? 0 : WriteWeight;
        _label = $"{label} w{worker}";
        // string.GetHashCode is randomised per process; this seed is not, so a run can be repeated.
        _random = new Random(label.Sum(c => c) * 7919 + worker);
        _drivers = DriversOf(worker, workers);
        _initial = initial;
    }

    /// <summary>Worker w of n writes drivers w+1, w+1+n, w+1+2n: disjoint sets, DRV-0001 upwards.</summary>
    public static IReadOnlyList<string> DriversOf(int worker, int workers) =>
        [.. Enumerable.Range(0, DriversPerWorker).Select(k => $"DRV-{worker + 1 + k * workers:D4}")];

    public PlannedRequest Next()
    {
        var roll = _random.Next(_writeWeight + CachedReads.TotalWeight);
        if (roll < _writeWeight)
        {
            return NextWrite();
        }

        roll -= _writeWeight;
        foreach (var group in CachedReads.Groups)
        {
            if (roll < group.Weight)
            {
                return new PlannedRequest(group.Kind, group.Urls[_random.Next(group.Urls.Count)]);
            }

            roll -= group.Weight;
        }

        throw new InvalidOperationException("The weights of CachedReads.Groups do not add up to TotalWeight.");
    }

    private PlannedRequest NextWrite()
    {
        var driver = _drivers[_random.Next(_drivers.Count)];
        var write = _random.Next(2) == 0
            ? new DriverWrite(driver, DriverWrite.City, $"{_label} #{++_writes}")
            : new DriverWrite(driver, DriverWrite.RiskScore, NextScore(driver));
        return new PlannedRequest(PlannedRequest.DriverPatchKind, write.Url, write);
    }

    /// <summary>A score this driver has not had in this scenario, and not its score at the start either.</summary>
    private string NextScore(string driver)
    {
        var (start, used) = _scores.TryGetValue(driver, out var known) ? known : (_random.Next(ScoreSteps), 0);
        while (true)
        {
            if (++used > ScoreSteps)
            {
                throw new InvalidOperationException($"{driver} was written more than {ScoreSteps} times: scores would repeat.");
            }

            var score = ((start + used) * ScoreStride % ScoreSteps / 10m).ToString("0.0", CultureInfo.InvariantCulture);
            if (score != _initial[driver].RiskScore)
            {
                _scores[driver] = (start, used);
                return score;
            }
        }
    }
}
