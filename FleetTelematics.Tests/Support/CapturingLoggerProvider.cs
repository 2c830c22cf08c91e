using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FleetTelematics.Tests.Support;

/// <summary>Keeps every log entry written through it, so a test can count what was logged and how often.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, EventId EventId, string Message)> _entries = new();

    private readonly ConcurrentQueue<Exception> _exceptions = new();

    public IReadOnlyList<(string Category, EventId EventId, string Message)> Entries => _entries.ToArray();

    /// <summary>The exceptions logged with the entries, for a test that must say why something failed.</summary>
    public IReadOnlyList<Exception> Exceptions => _exceptions.ToArray();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries, _exceptions);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<(string, EventId, string)> entries,
        ConcurrentQueue<Exception> exceptions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            entries.Enqueue((category, eventId, formatter(state, exception)));
            if (exception is not null)
            {
                exceptions.Enqueue(exception);
            }
        }
    }
}
