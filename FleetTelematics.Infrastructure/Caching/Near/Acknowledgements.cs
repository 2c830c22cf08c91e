namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>Which lease holders have acknowledged one invalidation; completes when all have.</summary>
internal sealed class Acknowledgements(IEnumerable<string> holders)
{
    private readonly HashSet<string> _missing = new(holders, StringComparer.Ordinal);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Received(string holder)
    {
        lock (_missing)
        {
            if (_missing.Remove(holder) && _missing.Count == 0)
            {
                _all.TrySetResult();
            }
        }
    }

    public async Task<bool> AllAsync(TimeSpan timeout)
    {
        try
        {
            await _all.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public string[] Missing()
    {
        lock (_missing)
        {
            return [.. _missing];
        }
    }
}
