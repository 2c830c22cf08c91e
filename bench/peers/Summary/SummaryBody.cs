using System.Text.Json;
using FleetTelematics.Api.Features.Dashboard;
using FleetTelematics.Api.Json;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>The summary exactly as the API computes and serializes it: the same query, the same JSON options.</summary>
public static class SummaryBody
{
    /// <summary>Resolved inside the factories, so a hit never builds the query service.</summary>
    public static async Task<byte[]> ComputeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var summary = await services.GetRequiredService<DashboardQueries>().SummaryAsync(cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(summary, ApiJson.Options);
    }
}
