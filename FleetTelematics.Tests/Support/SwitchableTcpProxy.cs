using System.Net;
using System.Net.Sockets;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of the real PostgreSQL that a test can cut — every open connection dropped, new ones
/// refused, as when the server crashes or the network goes — and restore on the same port; or freeze, so connections
/// stay open and nothing gets through, as when a peer stops answering. It lets one API instance lose its database or
/// Redis while the shared server keeps serving every other fixture.
/// </summary>
public sealed class SwitchableTcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();
    private volatile bool _frozen;

    public SwitchableTcpProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Listen(0);
    }

    public int Port { get; private set; }

    /// <summary>Drops every connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            _open.ForEach(client => client.Dispose());
            _open.Clear();
        }
    }

    /// <summary>Holds every byte in both directions (connections stay open) until <see cref="Thaw"/>.</summary>
    public void Freeze() => _frozen = true;

    public void Thaw() => _frozen = false;

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        if (_listener is null)
        {
            Listen(Port);
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                var server = new TcpClient();
                await server.ConnectAsync(_target, stop);
                lock (_open)
                {
                    _open.Add(client);
                    _open.Add(server);
                }

                _ = PumpAsync(client, server, stop);
                _ = PumpAsync(server, client, stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // cut
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken stop)
    {
        try
        {
            var buffer = new byte[16 * 1024];
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, stop)) > 0)
            {
                while (_frozen)
                {
                    await Task.Delay(5, stop);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // one side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
