using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A private redis-server a test can kill, restart and freeze without disturbing the shared one. Append-only with
/// fsync on every write, so a restart brings back exactly what was stored — including entries that went stale
/// while it was down.
/// </summary>
public sealed class RedisInstance : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-redis-").FullName;
    private Process? _process;

    public RedisInstance() => Port = LoopbackPorts.Free();

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(TestServices.RedisServerBinary)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--dir", _directory, "--save", "", "--appendonly", "yes", "--appendfsync", "always" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await LoopbackPorts.AcceptsConnectionsAsync(Port))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not start on port {Port}");
    }

    /// <summary>Kills the server outright, as a crash would.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit(5000);
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing answers — the worst kind of outage.</summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    /// <summary>True when the server answers a PING within a moment: false when it is dead or frozen.</summary>
    public async Task<bool> AnswersAsync()
    {
        using var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromMilliseconds(300));
            var stream = connection.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromMilliseconds(300));
            return read > 0;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            Thaw();
            Kill();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private void Signal(string signal)
    {
        if (_process is null)
        {
            return;
        }

        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit(5000);
    }
}
