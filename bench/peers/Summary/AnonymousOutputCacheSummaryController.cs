using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>
/// ASP.NET Core Output Caching as documented, on the Redis store: the default policy caches anonymous GETs only, so this
/// endpoint is anonymous and is measured without a token. A hit is served by the middleware before MVC runs.
/// </summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[AllowAnonymous]
public sealed class AnonymousOutputCacheSummaryController : ControllerBase
{
    public const string PolicyName = "summary-anonymous";

    [HttpGet("summary")]
    [OutputCache(PolicyName = PolicyName)]
    public async Task<JsonBytesResult> Summary(CancellationToken cancellationToken) =>
        new(await SummaryBody.ComputeAsync(HttpContext.RequestServices, cancellationToken));
}
