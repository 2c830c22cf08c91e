namespace FleetTelematics.Api.Simulation;

/// <summary>
/// Runs a <see cref="FleetSimulation"/> against the API: every batch interval, the records that came due are queued and
/// sent (trips, then events), every few batches with a few records that were already accepted (they must come back as
/// duplicates). A batch is sent until it is answered, and later records wait behind it, so an event never overtakes
/// its trip. When stopped, it ends the trips in progress and sends those ends before it returns.
/// </summary>
public sealed partial class GatewaySimulator(FleetSimulation simulation, GatewayClient client, TimeProvider clock,
    ILogger<GatewaySimulator> logger, int seed)
{
    public const string TripsPath = "/api/v1/ingest/trips";
    public const string EventsPath = "/api/v1/ingest/safety-events";

    /// <summary>How long the trips in progress may take to be ended once a stop was asked for.</summary>
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Every this many batches, a few records already accepted go along again.</summary>
    private const int RepeatEvery = 5;
    private const int RepeatPool = 200;

    private readonly Queue<ITelemetryRecord> _pending = new();
    private readonly List<ITelemetryRecord> _final = [];
    private readonly Random _random = new(seed);
    private long _ticks;

    /// <summary>Everything since the start.</summary>
    public SimulationProgress Total { get; } = new();

    /// <summary>Since the last report.</summary>
    public SimulationProgress Interval { get; private set; } = new();

    public async Task RunAsync(TimeSpan batchInterval, TimeSpan reportInterval, CancellationToken stoppingToken)
    {
        var nextReport = clock.GetUtcNow() + reportInterval;
        using var timer = new PeriodicTimer(batchInterval, clock);
        try
        {
            do
            {
                await TickAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextReport)
                {
                    Report();
                    nextReport += reportInterval;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was being sent goes again below, with the ends of the trips in progress.
        }

        using var finishing = new CancellationTokenSource(FinishTimeout, clock);
        try
        {
            foreach (var record in simulation.Finish(clock.GetUtcNow().UtcDateTime))
            {
                _pending.Enqueue(record);
            }

            await SendPendingAsync(repeat: false, finishing.Token);
        }
        catch (OperationCanceledException)
        {
            LogUnfinished(logger, _pending.Count);
        }

        Report();
        LogTotal(logger, Total.Trips, Total.Events, Total.Accepted, Total.Duplicates, Total.Rejected, Total.RepeatedOnPurpose);
    }

    /// <summary>Queues the records due now and sends everything queued.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var record in simulation.Advance(clock.GetUtcNow().UtcDateTime))
        {
            _pending.Enqueue(record);
        }

        await SendPendingAsync(repeat: ++_ticks % RepeatEvery == 0, cancellationToken);
    }

    private async Task SendPendingAsync(bool repeat, CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            // Peeked, not taken: a batch leaves the queue only once answered, so a stop in between sends it again.
            var batch = OutgoingBatch.Take(new Queue<ITelemetryRecord>(_pending));
            var trips = batch.Trips.ToList();
            var events = batch.Events.ToList();
            if (repeat && _final.Count > 0)
            {
                AddRepeats(trips, events);
                repeat = false;
            }

            if (trips.Count > 0)
            {
                Count(await client.PostAsync(TripsPath, new { trips }, cancellationToken), trips.Count, isTrips: true);
            }

            if (events.Count > 0)
            {
                Count(await client.PostAsync(EventsPath, new { events }, cancellationToken), events.Count, isTrips: false);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                Remember(_pending.Dequeue());
            }
        }
    }

    // Only records in their final form: a trip sent again in progress after it ended would be a change, not a repeat.
    private void Remember(ITelemetryRecord record)
    {
        if (record is TripRecord { EndedAt: null })
        {
            return;
        }

        if (_final.Count == RepeatPool)
        {
            _final.RemoveAt(_random.Next(RepeatPool));
        }

        _final.Add(record);
    }

    private void AddRepeats(List<TripRecord> trips, List<SafetyEventRecord> events)
    {
        var ids = trips.Select(t => t.ExternalId).ToHashSet(StringComparer.Ordinal);
        for (var n = 1 + _random.Next(3); n > 0; n--)
        {
            switch (_final[_random.Next(_final.Count)])
            {
                case TripRecord trip when ids.Add(trip.ExternalId):
                    trips.Add(trip);
                    Interval.RepeatedOnPurpose++;
                    break;
                case SafetyEventRecord safetyEvent:
                    events.Add(safetyEvent);
                    Interval.RepeatedOnPurpose++;
                    break;
            }
        }
    }

    private void Count(IngestAnswer? answer, int records, bool isTrips)
    {
        Interval.Requests++;
        if (isTrips)
        {
            Interval.Trips += records;
        }
        else
        {
            Interval.Events += records;
        }

        if (answer is null)
        {
            Interval.Dropped += records;
            return;
        }

        Interval.Accepted += answer.Accepted;
        Interval.Duplicates += answer.Duplicates;
        Interval.Rejected += answer.Rejected.Count;
        if (answer.Rejected.Count > 0)
        {
            var first = answer.Rejected[0];
            LogRejected(logger, answer.Rejected.Count, first.ExternalId,
                string.Join("; ", first.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }
    }

    private void Report()
    {
        var interval = Interval;
        Interval = new SimulationProgress();
        Total.Add(interval);
        LogProgress(logger, interval.Trips, interval.Events, interval.Requests, interval.Accepted, interval.Duplicates,
            interval.Rejected, interval.RepeatedOnPurpose, client.TakeRetries(), simulation.TripsInProgress, _pending.Count);
    }
}
