using FleetTelematics.Api.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ZiggyCreatures.Caching.Fusion;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>FusionCache (memory L1, Redis L2, Redis backplane) holding the serialized bytes.</summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[Authorize(Policy = Policies.Read)]
public sealed class FusionCacheSummaryController(IFusionCache cache) : ControllerBase
{
    private const string Key = "dashboard_summary";

    [HttpGet("summary")]
    public async Task<JsonBytesResult> Summary(CancellationToken cancellationToken)
    {
        var services = HttpContext.RequestServices;
        return new(await cache.GetOrSetAsync<byte[]>(Key, ct => SummaryBody.ComputeAsync(services, ct), token: cancellationToken));
    }
}
