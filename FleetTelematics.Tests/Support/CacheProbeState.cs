namespace FleetTelematics.Tests.Support;

/// <summary>
/// State behind <see cref="CacheProbeController"/>: a value a write changes, a count of computations, and a gate
/// that holds a computation after it has read the value — a slow query, under the test's control.
/// </summary>
public sealed class CacheProbeState
{
    private TaskCompletionSource _gate = Completed();
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _computations;

    public int Value { get; set; } = 1;

    public int BodyPadding { get; set; }

    public int Computations => Volatile.Read(ref _computations);

    /// <summary>Completes when a computation has read the value and is waiting at the gate.</summary>
    public Task Entered => _entered.Task;

    public void CloseGate()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void OpenGate() => _gate.TrySetResult();

    public void ResetCount() => Interlocked.Exchange(ref _computations, 0);

    internal int CountComputation() => Interlocked.Increment(ref _computations);

    internal Task WaitAtGateAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        return _gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
