namespace FleetTelematics.Bench.Peers;

/// <summary>
/// One peer of the benchmark per process: <c>--mode constant|outputcache-anon|outputcache-auth|hybrid|fusion</c>, on
/// the address in <c>ASPNETCORE_URLS</c>. Every mode serves <c>GET /api/v1/admin/dashboard/summary</c> from the API's
/// own query and JSON options, behind the API's own token validation (except the anonymous output-cache mode).
/// </summary>
/// <remarks>A class with Main rather than top-level statements: the referenced API already has the global Program.</remarks>
public static class PeerProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (PeerMode.FromArguments(args) is not { } mode)
        {
            await Console.Error.WriteLineAsync($"usage: --mode {string.Join('|', PeerMode.All)}");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = PeerMode.WithoutModeArguments(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddPeer(mode);

        var app = builder.Build();
        app.UsePeer(mode);
        await app.RunAsync();
        return 0;
    }
}
