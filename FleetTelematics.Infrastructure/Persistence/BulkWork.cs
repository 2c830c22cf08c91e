namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>
/// Marks database work that is slow by design — the seeder's COPY, TRUNCATE and VACUUM of whole tables — for the
/// current async flow, so <see cref="SlowQueryLog"/> keeps its warnings for statements a request is waiting on.
/// </summary>
public static class BulkWork
{
    // AsyncLocal: Npgsql stops a command's activity on the flow that ran the command, so the log sees the mark of
    // the seeder's flow and of no concurrent request.
    private static readonly AsyncLocal<bool> Active = new();

    /// <summary>True while the current flow is inside <see cref="Begin"/>.</summary>
    public static bool IsActive => Active.Value;

    /// <summary>Marks the current flow until the returned scope is disposed.</summary>
    public static IDisposable Begin()
    {
        var outer = Active.Value;
        Active.Value = true;
        return new Scope(outer);
    }

    private sealed class Scope(bool outer) : IDisposable
    {
        public void Dispose() => Active.Value = outer;
    }
}
