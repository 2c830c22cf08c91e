using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Tests.Api.Features.Auth;

/// <summary>An in-memory users table that counts its reads and can be made to fail or to hold a read open.</summary>
internal sealed class FakeUserRoleSource : IUserRoleSource
{
    private int _reads;

    public Dictionary<string, UserRole> Users { get; } = new(StringComparer.Ordinal);

    public Exception? Failure { get; set; }

    /// <summary>When set, each read waits for it, so a test can make callers overlap.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public async Task<IReadOnlyDictionary<string, UserRole>> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return new Dictionary<string, UserRole>(Users, StringComparer.Ordinal);
    }
}
