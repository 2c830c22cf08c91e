using FleetTelematics.Api.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>The ceiling: token validation, authorization and MVC around a constant small JSON, with no cache at all.</summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[Authorize(Policy = Policies.Read)]
public sealed class ConstantSummaryController : ControllerBase
{
    private const string Body = """{"status":"ok"}""";

    [HttpGet("summary")]
    public ContentResult Summary() => Content(Body, "application/json");
}
