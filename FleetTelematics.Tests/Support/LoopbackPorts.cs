using System.Net;
using System.Net.Sockets;

namespace FleetTelematics.Tests.Support;

/// <summary>Ports on 127.0.0.1 for the private servers tests start: a free one, and whether one accepts connections yet.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out and released: free now, very likely still free a moment later.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
