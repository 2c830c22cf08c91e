using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A private 3-master Redis Cluster (no replicas) a test may kill a master of, restart it, reshard and flush the
/// scripts of, without disturbing the shared cluster of ./test.sh. Append-only with fsync on every write, so a
/// restarted master comes back with exactly what it held — including entries that went stale while it was down.
/// </summary>
public sealed partial class RedisClusterInstance : IDisposable
{
    private const int Masters = 3;

    // Clients use PORT and the cluster bus PORT + 10000, which must stay at or below 65535. ./test.sh takes its shared
    // cluster from 31000 up; private ones start at a random point above it, so concurrent fixtures rarely meet.
    private const int LowestPort = 33000;
    private const int HighestPort = 55535;

    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-redis-cluster-").FullName;
    private readonly Process?[] _nodes = new Process?[Masters];

    public RedisClusterInstance() => Ports = FreeClusterPorts(Masters);

    public IReadOnlyList<int> Ports { get; }

    /// <summary>The seed nodes, as a StackExchange.Redis configuration.</summary>
    public string Configuration => string.Join(',', Ports.Select(port => $"127.0.0.1:{port}"));

    public async Task StartAsync()
    {
        for (var node = 0; node < Masters; node++)
        {
            await StartNodeAsync(node);
        }

        await CliAsync(0, ["--cluster", "create", .. Ports.Select(port => $"127.0.0.1:{port}"), "--cluster-replicas", "0", "--cluster-yes"]);
        await WaitUntilHealthyAsync();
    }

    /// <summary>Kills one master outright, as a crash would. Its slots stay unserved until it is restarted.</summary>
    public void Kill(int node)
    {
        _nodes[node]?.Kill();
        _nodes[node]?.WaitForExit(5000);
        _nodes[node]?.Dispose();
        _nodes[node] = null;
    }

    /// <summary>Starts a killed master again (same node id and slots, from its nodes file and append-only file).</summary>
    public async Task RestartAsync(int node)
    {
        await StartNodeAsync(node);
        await WaitUntilHealthyAsync();
    }

    public async Task<string> NodeIdAsync(int node) => (await CliAsync(node, ["cluster", "myid"])).Trim();

    /// <summary>Moves <paramref name="slots"/> slots from one master to another with redis-cli, keys and all.</summary>
    public async Task ReshardAsync(int from, int to, int slots) =>
        await CliAsync(from, ["--cluster", "reshard", $"127.0.0.1:{Ports[from]}", "--cluster-from", await NodeIdAsync(from),
            "--cluster-to", await NodeIdAsync(to), "--cluster-slots", slots.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);

    /// <summary>
    /// Moves the given slots from one master to another the way redis-cli --cluster reshard does, at its pace (commands
    /// from one process, keys in MIGRATE batches of 10): IMPORTING on the target, MIGRATING on the source, the keys
    /// (clients meanwhile get ASK and TRYAGAIN), then the new owner announced to every master. Only these slots, so a
    /// test moves exactly those holding its keys.
    /// </summary>
    public async Task MoveSlotsAsync(IEnumerable<int> slots, int from, int to)
    {
        var fromId = await NodeIdAsync(from);
        var toId = await NodeIdAsync(to);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true");
        IServer Node(int node) => admin.GetServer("127.0.0.1", Ports[node]);
        foreach (var slot in slots)
        {
            await Node(to).ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", fromId);
            await Node(from).ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", toId);
            while ((RedisResult[])(await Node(from).ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, 10))! is { Length: > 0 } keys)
            {
                await Node(from).ExecuteAsync("MIGRATE", ["127.0.0.1", Ports[to], "", 0, 5000, "KEYS", .. keys.Select(key => (object)(string)key!)]);
            }

            await Node(to).ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", toId);
            await Node(from).ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", toId);
            foreach (var other in Enumerable.Range(0, Masters).Where(node => node != from && node != to))
            {
                await Node(other).ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", toId);
            }
        }
    }

    /// <summary>How many slots a master serves, from its own view (CLUSTER NODES, "myself").</summary>
    public async Task<int> SlotCountAsync(int node)
    {
        var myself = (await CliAsync(node, ["cluster", "nodes"])).Split('\n').Single(line => line.Contains("myself", StringComparison.Ordinal));
        return myself.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(8).Sum(range =>
        {
            var bounds = range.Split('-');
            return bounds.Length == 2 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) - int.Parse(bounds[0], CultureInfo.InvariantCulture) + 1 : 1;
        });
    }

    /// <summary>The keys one master holds that match a glob pattern (SCAN through redis-cli --scan).</summary>
    public async Task<string[]> KeysAsync(int node, string pattern) =>
        (await CliAsync(node, ["--scan", "--pattern", pattern])).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs redis-cli against one master; fails on a non-zero exit or an error reply.</summary>
    public async Task<string> CliAsync(int node, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(TestServices.RedisCliBinary)
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", Ports[node].ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var cli = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = cli.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = cli.StandardError.ReadToEndAsync(timeout.Token);
        await cli.WaitForExitAsync(timeout.Token);
        var text = await output;
        if (cli.ExitCode != 0 || ErrorReply().IsMatch(text) || text.Contains("[ERR]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"redis-cli {string.Join(' ', start.ArgumentList)} exited {cli.ExitCode}: {text}{await error}");
        }

        return text;
    }

    /// <summary>Waits (bounded) until every running master says cluster_state:ok and serves all its slots.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        for (var node = 0; node < Masters; node++)
        {
            while (_nodes[node] is not null && !(await CliAsync(node, ["cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the cluster is healthy within 30 s");
                await Task.Delay(100);
            }
        }
    }

    public void Dispose()
    {
        for (var node = 0; node < Masters; node++)
        {
            Kill(node);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartNodeAsync(int node)
    {
        var port = Ports[node].ToString(CultureInfo.InvariantCulture);
        var directory = Directory.CreateDirectory(Path.Combine(_directory, port)).FullName;
        var start = new ProcessStartInfo(TestServices.RedisServerBinary)
        {
            ArgumentList =
            {
                "--port", port, "--bind", "127.0.0.1", "--dir", directory, "--save", "",
                "--appendonly", "yes", "--appendfsync", "always",
                "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{port}.conf",
                "--cluster-require-full-coverage", "no", "--cluster-node-timeout", "2000",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _nodes[node] = process;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await LoopbackPorts.AcceptsConnectionsAsync(Ports[node]))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server (cluster node) did not start on port {port}");
    }

    [GeneratedRegex("^(ERR|IOERR|BUSYKEY|MOVED|ASK|TRYAGAIN|CLUSTERDOWN|NOSCRIPT)\\b", RegexOptions.Multiline)]
    private static partial Regex ErrorReply();

    private static int[] FreeClusterPorts(int count)
    {
        var ports = new List<int>();
        var port = Random.Shared.Next(LowestPort, HighestPort - 1000);
        while (ports.Count < count)
        {
            port.Should().BeLessThanOrEqualTo(HighestPort, "a cluster port leaves room for its bus port");
            if (IsFree(port) && IsFree(port + 10000))
            {
                ports.Add(port);
            }

            port++;
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
