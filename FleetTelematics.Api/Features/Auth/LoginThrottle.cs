using System.Threading.RateLimiting;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Limits failed logins per username and per client address with the framework's rate limiters. Only failures
/// spend the failure permits, so a user who types the right password is never slowed down by their own success.
/// </summary>
/// <remarks>
/// "Is there a failure permit left?", the password check and "spend a permit" must be one step, or thirty
/// concurrent guesses all pass the check before the first failure is recorded. So attempts take turns: a
/// concurrency limiter with one permit per username and per address serializes them, and the check, the
/// verification and the recording all happen while both turns are held.
/// </remarks>
public sealed class LoginThrottle : IDisposable
{
    /// <summary>
    /// Attempts that may wait for their turn per username or per address. Bounded so a flood cannot park
    /// unbounded requests (and their connections) behind one key; beyond it the answer is 429 at once.
    /// </summary>
    public const int MaxQueuedAttemptsPerKey = 32;

    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<string> _failuresByUsername;
    private readonly PartitionedRateLimiter<string> _failuresByAddress;
    private readonly PartitionedRateLimiter<string> _turnByUsername = CreateTurns();
    private readonly PartitionedRateLimiter<string> _turnByAddress = CreateTurns();

    public LoginThrottle(LoginThrottleOptions options)
    {
        _failuresByUsername = CreateFailures(options.FailuresPerUsername, options.Window);
        _failuresByAddress = CreateFailures(options.FailuresPerAddress, options.Window);
    }

    /// <summary>
    /// Runs <paramref name="verify"/> unless <paramref name="username"/> or <paramref name="address"/> has no failed
    /// attempt left in the window, and spends one of each when it returns null (wrong credentials).
    /// </summary>
    public async Task<LoginAttempt> AttemptAsync(
        string username, string address, Func<CancellationToken, Task<User?>> verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verify);
        var user = UserAccounts.Normalize(username);

        // An exhausted key answers at once rather than queueing behind other attempts' password checks.
        if (RetryAfter(user, address) is { } early)
        {
            return LoginAttempt.Throttled(early);
        }

        // Always the username's turn first, then the address's: with one order, no two attempts can each hold
        // the turn the other waits for.
        using var userTurn = await _turnByUsername.AcquireAsync(user, 1, cancellationToken);
        if (!userTurn.IsAcquired)
        {
            return LoginAttempt.Throttled(BusyRetryAfter);
        }

        using var addressTurn = await _turnByAddress.AcquireAsync(address, 1, cancellationToken);
        if (!addressTurn.IsAcquired)
        {
            return LoginAttempt.Throttled(BusyRetryAfter);
        }

        // Checked again now that nobody else can spend these keys' permits until we are done.
        if (RetryAfter(user, address) is { } wait)
        {
            return LoginAttempt.Throttled(wait);
        }

        var authenticated = await verify(cancellationToken);
        if (authenticated is null)
        {
            _failuresByUsername.AttemptAcquire(user).Dispose();
            _failuresByAddress.AttemptAcquire(address).Dispose();
        }

        return new LoginAttempt(authenticated, null);
    }

    public void Dispose()
    {
        _failuresByUsername.Dispose();
        _failuresByAddress.Dispose();
        _turnByUsername.Dispose();
        _turnByAddress.Dispose();
    }

    private TimeSpan? RetryAfter(string username, string address) =>
        RetryAfter(_failuresByUsername, username) ?? RetryAfter(_failuresByAddress, address);

    // Asking for zero permits tells whether one is left without spending it.
    private static TimeSpan? RetryAfter(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : BusyRetryAfter;
    }

    private static PartitionedRateLimiter<string> CreateFailures(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));

    private static PartitionedRateLimiter<string> CreateTurns() =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key,
            _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = 1,
                QueueLimit = MaxQueuedAttemptsPerKey,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
}
