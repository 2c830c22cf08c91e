using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FleetTelematics.Tests.Deployment;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A private nginx (<c>nginx -c FILE -p DIR</c>, in the foreground) running deploy/nginx/nginx.conf itself, with only
/// what cannot be the same on a test machine changed: the upstream's one <c>server api:8080</c> becomes one line per
/// loopback instance (same parameters), the listener moves to a free loopback port, and pid and logs go to its own
/// directory. Every change must match exactly once, so the test breaks when the real file changes shape.
/// </summary>
public sealed partial class NginxInstance : IDisposable
{
    public const string ConfigFile = "deploy/nginx/nginx.conf";

    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-nginx-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private NginxInstance(int port) => Port = port;

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    /// <summary>The deployed configuration, pointed at <paramref name="upstreams"/> and listening on <paramref name="port"/>.</summary>
    public static string Configuration(string deployed, IEnumerable<Uri> upstreams, int port, string directory)
    {
        var withUpstreams = ReplaceOnce(deployed, ComposeUpstream(), match => string.Join('\n', upstreams.Select(upstream =>
            $"{match.Groups["indent"].Value}server 127.0.0.1:{upstream.Port}{match.Groups["parameters"].Value};")));
        var withListener = ReplaceOnce(withUpstreams, ComposeListener(),
            match => $"{match.Groups["indent"].Value}listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};");
        return $"""
            daemon off;
            pid {directory}/nginx.pid;
            error_log {directory}/error.log info;

            """ + withListener;
    }

    public static async Task<NginxInstance> StartAsync(IEnumerable<Uri> upstreams)
    {
        var instance = new NginxInstance(LoopbackPorts.Free());
        try
        {
            await instance.RunAsync(upstreams);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            // QUIT: a graceful stop of the master and its workers, so no worker outlives the test.
            using (Process.Start("kill", $"-QUIT {_process.Id}"))
            {
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunAsync(IEnumerable<Uri> upstreams)
    {
        var config = Path.Combine(_directory, "nginx.conf");
        var deployed = await File.ReadAllTextAsync(DeploymentFiles.PathOf(ConfigFile));
        await File.WriteAllTextAsync(config, Configuration(deployed, upstreams, Port, _directory));
        var start = new ProcessStartInfo(TestServices.NginxBinary)
        {
            ArgumentList = { "-c", config, "-p", _directory, "-e", Path.Combine(_directory, "error.log") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => _output.Enqueue(line.Data ?? "");
        _process.ErrorDataReceived += (_, line) => _output.Enqueue(line.Data ?? "");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!await LoopbackPorts.AcceptsConnectionsAsync(Port))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException(
                    $"nginx did not listen on {Port}: {string.Join('\n', _output)}\n{ErrorLog}");
            }

            await Task.Delay(50);
        }
    }

    private static string ReplaceOnce(string text, Regex pattern, MatchEvaluator replacement)
    {
        var count = pattern.Matches(text).Count;
        if (count != 1)
        {
            throw new InvalidDataException($"{ConfigFile}: expected exactly one match of {pattern}, found {count}.");
        }

        return pattern.Replace(text, replacement);
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)server api:8080(?<parameters>[^;]*);", RegexOptions.Multiline)]
    private static partial Regex ComposeUpstream();

    [GeneratedRegex(@"^(?<indent>[ \t]*)listen 8080;", RegexOptions.Multiline)]
    private static partial Regex ComposeListener();
}
