using System.Diagnostics;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Counts the database round trips made while it is alive, through Npgsql's own tracing (one activity per command
/// or batch), so it sees EF Core and raw queries alike.
/// </summary>
public sealed class NpgsqlCommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private int _count;

    public NpgsqlCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref _count),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public void Dispose() => _listener.Dispose();
}
