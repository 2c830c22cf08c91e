using System.Diagnostics.Metrics;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// What ingestion did, in the contract's names (the Prometheus exporter adds <c>_total</c> and <c>_seconds</c>):
/// records by kind and outcome, and how long batches take to become durable.
/// </summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "FleetTelematics.Ingestion";
    public const string TripKind = "trip";
    public const string SafetyEventKind = "safety_event";

    private static readonly double[] BatchBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _records;
    private readonly Histogram<double> _batchDuration;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _records = _meter.CreateCounter<long>("ingest_records", description: "Telemetry records received, by kind and outcome: accepted, duplicate, rejected.");
        _batchDuration = _meter.CreateHistogram("ingest_batch_duration", unit: "s",
            description: "Time from a batch's arrival to its answer, its records durable in PostgreSQL.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BatchBuckets });
        foreach (var kind in new[] { TripKind, SafetyEventKind })
        {
            foreach (var outcome in new[] { "accepted", "duplicate", "rejected" })
            {
                _records.Add(0, Kind(kind), new("outcome", outcome));
            }
        }
    }

    public void Batch(string kind, BatchOutcome outcome, TimeSpan duration)
    {
        _records.Add(outcome.Accepted, Kind(kind), new("outcome", "accepted"));
        _records.Add(outcome.Duplicates, Kind(kind), new("outcome", "duplicate"));
        _records.Add(outcome.RejectedCount, Kind(kind), new("outcome", "rejected"));
        _batchDuration.Record(duration.TotalSeconds, Kind(kind));
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
