using System.Collections.Concurrent;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Runs one computation per key at a time, in the spirit of aspnetcore's <c>WorkDispatcher</c>: the first caller runs
/// the factory, callers that arrive while it runs share its result, and the key is free again once it completes.
/// </summary>
public sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Task<TResult>> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// The result of the computation of <paramref name="key"/>: the running one, or <paramref name="factory"/>'s, run by
    /// this caller (<c>Led</c> true). A factory that throws fails every caller that shared it.
    /// </summary>
    public async Task<(TResult Result, bool Led)> RunOnceAsync(string key, Func<Task<TResult>> factory,
        CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _flights.GetOrAdd(key, mine.Task);
        if (!ReferenceEquals(flight, mine.Task))
        {
            return (await flight.WaitAsync(cancellationToken), false);
        }

        try
        {
            var result = await factory();
            mine.SetResult(result);
            return (result, true);
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            throw;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Task<TResult>>(key, mine.Task));
        }
    }
}
