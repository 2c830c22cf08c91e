namespace FleetTelematics.Api.Caching;

/// <summary>
/// What ingested telemetry has changed and the cache does not know yet: prefixes and drivers, gathered from every
/// batch since the last step, with the time each batch became durable. <see cref="IngestInvalidationFlusher"/> turns
/// them into one invalidation step per staleness window, so a steady stream does not empty the cache.
/// </summary>
public sealed class IngestInvalidations(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private PendingIngest _pending = new();

    /// <summary>Trips change the day figures, the trip activity, the list's totals and their drivers' details.</summary>
    public static readonly string[] TripPrefixes =
        [CachePrefixes.DashboardStats, CachePrefixes.DashboardSummary, CachePrefixes.TripActivity, CachePrefixes.DriversList];

    /// <summary>Safety events change the day figures, the breakdown and their drivers' details; no driver card shows them.</summary>
    public static readonly string[] SafetyEventPrefixes =
        [CachePrefixes.DashboardStats, CachePrefixes.DashboardSummary, CachePrefixes.SafetyEvents];

    /// <summary>Called once a batch has committed, before it is answered.</summary>
    public void Record(IReadOnlyCollection<string> prefixes, IEnumerable<string> driverIds) =>
        Add(prefixes, driverIds, [clock.GetTimestamp()]);

    /// <summary>Puts back a step that could not run, with its batches' original times.</summary>
    public void Requeue(PendingIngest step) => Add(step.Prefixes, step.DriverIds, step.CommittedAt);

    private void Add(IEnumerable<string> prefixes, IEnumerable<string> driverIds, IEnumerable<long> committedAt)
    {
        lock (_gate)
        {
            _pending.Prefixes.UnionWith(prefixes);
            _pending.DriverIds.UnionWith(driverIds);
            _pending.CommittedAt.AddRange(committedAt);
            _pending.CommittedAt.Sort();
        }

        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another batch signalled first: the flusher is already awake.
            }
        }
    }

    /// <summary>Waits until something is pending; returns when the oldest pending change committed.</summary>
    public async Task<long> WaitForPendingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_pending.IsEmpty)
                {
                    return _pending.CommittedAt[0];
                }
            }

            await _signal.WaitAsync(cancellationToken);
        }
    }

    public PendingIngest Take()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = new PendingIngest();
            return taken;
        }
    }
}
