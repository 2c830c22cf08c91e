using FleetTelematics.Api.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>Output Caching on the Redis store for an authorized route, through <see cref="AuthenticatedOutputCachePolicy"/>.</summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[Authorize(Policy = Policies.Read)]
public sealed class AuthenticatedOutputCacheSummaryController : ControllerBase
{
    public const string PolicyName = "summary-authenticated";

    [HttpGet("summary")]
    [OutputCache(PolicyName = PolicyName)]
    public async Task<JsonBytesResult> Summary(CancellationToken cancellationToken) =>
        new(await SummaryBody.ComputeAsync(HttpContext.RequestServices, cancellationToken));
}
