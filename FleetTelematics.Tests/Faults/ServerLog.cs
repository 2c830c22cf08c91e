using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Keeps the API's warnings and errors (with their exceptions) instead of writing them to the console — a fault
/// under load logs thousands — so a scenario can say which exception stood behind its 5xx answers, and when the
/// cache store's circuit opened and closed.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private const int Capacity = 20_000;

    private readonly ConcurrentQueue<Entry> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>The errors logged since <paramref name="since"/> (a Stopwatch timestamp), most frequent first.</summary>
    public IReadOnlyList<string> ErrorsSince(long since, int top = 5) =>
        [.. _entries.Where(e => e.At >= since && e.Level >= LogLevel.Error)
            .GroupBy(e => (e.Category, e.Exception))
            .OrderByDescending(g => g.Count())
            .Take(top)
            .Select(g => $"{g.Count()}x {g.Key.Category}: {g.First().Message} — {g.Key.Exception ?? "no exception"}")];

    /// <summary>The warnings logged since <paramref name="since"/>, in order, each with its time in seconds after it.</summary>
    public IReadOnlyList<string> WarningsSince(long since, int top = 12) =>
        [.. _entries.Where(e => e.At >= since && e.Level == LogLevel.Warning)
            .Take(top)
            .Select(e => FormattableString.Invariant($"{Stopwatch.GetElapsedTime(since, e.At).TotalSeconds:0.00} s {e.Message}"))];

    public void Dispose()
    {
    }

    private void Add(Entry entry)
    {
        if (_entries.Count < Capacity)
        {
            _entries.Enqueue(entry);
        }
    }

    private static string? Describe(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        // The outer exception says where it surfaced, the innermost one the cause (a refused connection, a cut session).
        var cause = exception.GetBaseException();
        var text = $"{cause.GetType().FullName}: {cause.Message.Split('\n')[0]}";
        return cause == exception ? text : $"{exception.GetType().FullName} ({text})";
    }

    private sealed record Entry(long At, LogLevel Level, string Category, string Message, string? Exception);

    private sealed class Logger(string category, ServerLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // First line only: some frameworks (EF Core) put the whole exception, stack and all, into the message.
                log.Add(new Entry(Stopwatch.GetTimestamp(), logLevel, category, formatter(state, exception).Split('\n')[0].TrimEnd(),
                    Describe(exception)));
            }
        }
    }
}
