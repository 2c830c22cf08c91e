using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// The server port of every database round trip made while it is alive, from Npgsql's own tracing (its activities carry
/// the peer's port): which server a query really went to, seen by the client library rather than by the API's metrics.
/// </summary>
public sealed class NpgsqlCommandPorts : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(int Port, string Text)> _commands = new();

    public NpgsqlCommandPorts()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => _commands.Enqueue((PortOf(activity), activity.DisplayName + " " +
                (activity.GetTagItem("db.statement") ?? activity.GetTagItem("db.query.text")))),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>How many round trips went to <paramref name="port"/> (statements containing <paramref name="containing"/>, if given).</summary>
    public int CountTo(int port, string? containing = null) =>
        _commands.Count(c => c.Port == port && (containing is null || c.Text.Contains(containing, StringComparison.Ordinal)));

    public IReadOnlyList<(int Port, string Text)> Commands => _commands.ToList();

    public void Dispose() => _listener.Dispose();

    private static int PortOf(Activity activity) =>
        activity.TagObjects.Where(tag => tag.Key.EndsWith("port", StringComparison.Ordinal))
            .Select(tag => Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
}
