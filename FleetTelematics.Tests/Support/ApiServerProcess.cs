using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// The real API program serving on a loopback port (<c>dotnet FleetTelematics.Api.dll</c>, port chosen by the kernel),
/// for tests of what only a process has: signals, its exit code, its listening socket. Disposing kills it if it is
/// still running.
/// </summary>
public sealed partial class ApiServerProcess : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiServerProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the API with <paramref name="environment"/> on top of a Testing host; waits until it listens.</summary>
    public static async Task<ApiServerProcess> StartAsync(IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FleetTelematics.Api.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Jwt__SigningKey"] = FleetApiFactory.SigningKey;
        start.Environment["Startup__CreateDevelopmentUsers"] = "true";
        start.Environment["Auth__AllowDevelopmentCredentials"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var server = new ApiServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, line) => server.Record(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Record(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            var exited = server._process.WaitForExitAsync();
            var first = await Task.WhenAny(server._listening.Task, exited).WaitAsync(StartLimit);
            if (first != server._listening.Task)
            {
                throw new InvalidOperationException($"The API exited with {server._process.ExitCode} before listening:\n{server.Output}");
            }

            server.BaseAddress = await server._listening.Task;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Sends a POSIX signal, as an orchestrator would (<c>kill -TERM pid</c>).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0, $"kill -{signal} {_process.Id} must reach the API process");
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
