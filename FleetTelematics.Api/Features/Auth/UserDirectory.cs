using System.Collections.Frozen;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Who may hold a token right now: a snapshot of every user's role, read at start-up and then every
/// <see cref="AuthOptions.UserRefreshInterval"/> by <see cref="UserDirectoryRefresher"/>. Token validation looks
/// users up here, so a deleted user or a changed role stops old tokens within one interval while a request pays
/// a dictionary lookup, not a database round trip.
/// </summary>
public sealed partial class UserDirectory(IUserRoleSource source, ILogger<UserDirectory> logger)
{
    private readonly Lock _gate = new();
    private volatile FrozenDictionary<string, string>? _roles;
    private Task<FrozenDictionary<string, string>>? _loading;

    /// <summary>Whether a snapshot has been read at least once.</summary>
    public bool IsLoaded => _roles is not null;

    /// <summary>
    /// The user's current role name (as in the token's role claim), or null when there is no such user. Before the
    /// first successful read this reads the snapshot, and a failure to read it propagates: without it nobody can
    /// be told apart from a deleted user, and answering 401 would log every client out during an outage.
    /// </summary>
    public ValueTask<string?> FindRoleAsync(string username, CancellationToken cancellationToken)
    {
        var roles = _roles;
        return roles is not null ? ValueTask.FromResult(roles.GetValueOrDefault(username)) : LoadAndFindAsync(username, cancellationToken);
    }

    /// <summary>Re-reads the snapshot. A failure keeps the last snapshot and is logged, never thrown.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadSharedAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception exception)
        {
            if (_roles is { } kept)
            {
                LogRefreshFailed(logger, exception, kept.Count);
            }
            else
            {
                LogFirstLoadFailed(logger, exception);
            }
        }
    }

    private async ValueTask<string?> LoadAndFindAsync(string username, CancellationToken cancellationToken) =>
        (await LoadSharedAsync().WaitAsync(cancellationToken)).GetValueOrDefault(username);

    // Concurrent callers share one read: a burst of first requests makes one query, and when the database is down
    // they fail together instead of queueing one connect timeout each.
    private Task<FrozenDictionary<string, string>> LoadSharedAsync()
    {
        lock (_gate)
        {
            if (_loading is { IsCompleted: false } running)
            {
                return running;
            }

            return _loading = LoadAsync();
        }
    }

    private async Task<FrozenDictionary<string, string>> LoadAsync()
    {
        // Leave the lock before any I/O starts.
        await Task.Yield();

        // Not the caller's token: the read is shared, and one caller giving up must not fail the others.
        var users = await source.ReadAsync(CancellationToken.None);
        var roles = users.ToFrozenDictionary(u => u.Key, u => Policies.RoleName(u.Value), StringComparer.Ordinal);
        var first = _roles is null;
        _roles = roles;
        if (first)
        {
            LogLoaded(logger, roles.Count);
        }

        return roles;
    }
}
