using System.Net;
using System.Net.Sockets;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A PostgreSQL that accepts connections and never speaks: a hung server or a black-holed network, where only the
/// connect timeout ends the wait.
/// </summary>
public sealed class UnreachableDatabase : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public UnreachableDatabase()
    {
        _silent.Start();
        _ = AcceptForeverAsync();
    }

    public string Silent => $"Host=127.0.0.1;Port={((IPEndPoint)_silent.LocalEndpoint).Port};Database=fleet;Username=postgres";

    public void Dispose()
    {
        _stop.Cancel();
        _silent.Stop();
        lock (_held)
        {
            _held.ForEach(socket => socket.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _silent.AcceptSocketAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(socket); // kept open and never answered
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
