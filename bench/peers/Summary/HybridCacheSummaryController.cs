using FleetTelematics.Api.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>
/// HybridCache (memory L1, Redis L2 through IDistributedCache) holding the serialized bytes. A byte array is not an
/// immutable type to HybridCache, so each L1 hit hands out a fresh copy, as the library does by default.
/// </summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[Authorize(Policy = Policies.Read)]
public sealed class HybridCacheSummaryController(HybridCache cache) : ControllerBase
{
    private const string Key = "dashboard_summary";

    [HttpGet("summary")]
    public async Task<JsonBytesResult> Summary(CancellationToken cancellationToken) =>
        new(await cache.GetOrCreateAsync(Key, HttpContext.RequestServices,
            static (services, ct) => new ValueTask<byte[]>(SummaryBody.ComputeAsync(services, ct)),
            cancellationToken: cancellationToken));
}
