using System.Threading.RateLimiting;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Counts failed logins per username and per client address with the framework's rate limiters. Only
/// failures spend permits, so a user who types the right password is never slowed down by their own success.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byUsername;
    private readonly PartitionedRateLimiter<string> _byAddress;

    public LoginThrottle(LoginThrottleOptions options)
    {
        _byUsername = Create(options.FailuresPerUsername, options.Window);
        _byAddress = Create(options.FailuresPerAddress, options.Window);
    }

    /// <summary>When the caller must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string username, string address)
    {
        foreach (var (limiter, key) in Partitions(username, address))
        {
            using var lease = limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired)
            {
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1);
            }
        }

        return null;
    }

    public void RecordFailure(string username, string address)
    {
        foreach (var (limiter, key) in Partitions(username, address))
        {
            limiter.AttemptAcquire(key).Dispose();
        }
    }

    public void Dispose()
    {
        _byUsername.Dispose();
        _byAddress.Dispose();
    }

    private (PartitionedRateLimiter<string> Limiter, string Key)[] Partitions(string username, string address) =>
        [(_byUsername, UserAccounts.Normalize(username)), (_byAddress, address)];

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));
}
