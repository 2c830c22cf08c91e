using System.Globalization;
using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Errors;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.Http;
using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>Drivers: list, read, details, create, merge-patch and archive.</summary>
[ApiController]
[Route("api/v1/admin/drivers")]
[Authorize(Policy = Policies.Read)]
[ProducesResponseType<ApiValidationProblem>(StatusCodes.Status400BadRequest, "application/problem+json")]
public sealed class DriversController(DriverQueries queries) : ControllerBase
{
    /// <summary>Lists drivers, filtered, sorted and paged. <c>X-Total-Count</c> holds the number that match.</summary>
    /// <response code="200">A page of driver cards; <c>Link</c> holds <c>rel="next"</c> / <c>rel="prev"</c> where they exist.</response>
    [HttpGet]
    [EndpointName("listDrivers")]
    [CachedResponse(120, CachePrefixes.DriversList)]
    [ProducesResponseType<IReadOnlyList<DriverCard>>(StatusCodes.Status200OK)]
    [ResponseHeader(StatusCodes.Status200OK, "X-Total-Count", "How many drivers match the filters, on every page.", IsInteger = true)]
    [ResponseHeader(StatusCodes.Status200OK, "Link", "RFC 8288 links with rel=\"next\" and rel=\"prev\" (relative URLs), where those pages exist.", Required = false)]
    [ResponseHeader(StatusCodes.Status304NotModified, "X-Total-Count", "How many drivers match the filters.", IsInteger = true)]
    [ResponseHeader(StatusCodes.Status304NotModified, "Link", "As on the 200.", Required = false)]
    public async Task<IActionResult> List([FromQuery(Name = "")] DriverListParameters parameters, CancellationToken cancellationToken)
    {
        var (page, total) = await queries.ListAsync(parameters, cancellationToken);
        Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (PageLinks.Build(Request, parameters.Skip, parameters.Limit, total) is { Length: > 0 } links)
        {
            Response.Headers.Link = links;
        }

        return Ok(page);
    }

    /// <summary>One driver, with a strong <c>ETag</c> to send back as <c>If-Match</c> when changing it.</summary>
    /// <response code="304">Not modified: the If-None-Match ETag is current.</response>
    [HttpGet("{driver_id}")]
    [EndpointName("getDriver")]
    [RequestHeader(RequestHeaderAttribute.IfNoneMatch, "The driver's ETag: 304 without a body while it is current.")]
    [ProducesResponseType<DriverResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", "Strong ETag of the driver; send it as If-Match to change it safely.")]
    [ResponseHeader(StatusCodes.Status304NotModified, "ETag", "The current ETag, the one sent.")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get([FromRoute(Name = "driver_id")] string driverId, CancellationToken cancellationToken)
    {
        if (!TryParseId(driverId, out var id, out var invalid))
        {
            return invalid;
        }

        var driver = await queries.FindAsync(id, cancellationToken);
        return driver is null ? NotFoundProblem(driverId) : JsonRepresentation.Of(driver).ToResult();
    }

    /// <summary>A driver with its vehicle, trip statistics and ten most recent trips and safety events.</summary>
    [HttpGet("{driver_id}/details")]
    [EndpointName("getDriverDetails")]
    [CachedResponse(180, CachePrefixes.DriverDetail)]
    [ProducesResponseType<DriverDetailsResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Details([FromRoute(Name = "driver_id")] string driverId,
        [FromServices] DriverDetailsQuery details, CancellationToken cancellationToken)
    {
        if (!TryParseId(driverId, out var id, out var invalid))
        {
            return invalid;
        }

        var response = await details.FindAsync(id, cancellationToken);
        return response is null ? NotFoundProblem(driverId) : Ok(response);
    }

    /// <summary>Creates a driver; the server assigns the next <c>driver_id</c>.</summary>
    /// <response code="201">The new driver, with <c>Location</c> and <c>ETag</c>.</response>
    /// <response code="409">Another driver already has this email or licence number.</response>
    [HttpPost]
    [EndpointName("createDriver")]
    [Authorize(Policy = Policies.Write)]
    [InvalidatesCache(CachePrefixes.DriversList, CachePrefixes.AllDashboards, CachePrefixes.RiskDistribution)]
    [Consumes("application/json")]
    [ProducesResponseType<DriverResponse>(StatusCodes.Status201Created)]
    [ResponseHeader(StatusCodes.Status201Created, "Location", "The new driver's path, /api/v1/admin/drivers/{driver_id}.")]
    [ResponseHeader(StatusCodes.Status201Created, "ETag", "Strong ETag of the new driver.")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Create([FromBody] DriverCreateRequest? request, [FromServices] DriverCommands commands,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return BodyIsNotAnObject();
        }

        var result = await commands.CreateAsync(request, cancellationToken);
        if (result is { Status: DriverWriteStatus.Done, Driver: { } driver })
        {
            Response.Headers.Location = $"/api/v1/admin/drivers/{driver.DriverId}";
        }

        return ToResult(result, StatusCodes.Status201Created);
    }

    /// <summary>Changes a driver with a JSON merge-patch. Send <c>If-Match</c> with the driver's ETag to avoid overwriting someone else's change.</summary>
    /// <response code="200">The driver as it now is, with its new ETag.</response>
    /// <response code="412">The driver changed since the ETag in If-Match (or since it was read).</response>
    [HttpPatch("{driver_id}")]
    [EndpointName("updateDriver")]
    [RequestHeader(RequestHeaderAttribute.IfMatch, "The ETag the change is based on: 412 if the driver has changed since. Without it the change applies to whatever is current.")]
    [Authorize(Policy = Policies.Write)]
    [InvalidatesCache(CachePrefixes.ThisDriverDetail, CachePrefixes.DriversList, CachePrefixes.AllDashboards, CachePrefixes.RiskDistribution)]
    [Consumes("application/merge-patch+json", "application/json")]
    [ProducesResponseType<DriverResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ResponseHeader(StatusCodes.Status200OK, "ETag", "Strong ETag of the changed driver.")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IActionResult> Patch([FromRoute(Name = "driver_id")] string driverId, [FromBody] DriverPatchRequest? patch,
        [FromServices] DriverCommands commands, CancellationToken cancellationToken)
    {
        if (!TryParseId(driverId, out var id, out var invalid))
        {
            return invalid;
        }

        if (patch is null)
        {
            return BodyIsNotAnObject();
        }

        var result = await commands.PatchAsync(id, patch, IfMatchPrecondition.Of(Request), cancellationToken);
        return ToResult(result, StatusCodes.Status200OK, driverId);
    }

    /// <summary>Archives a driver: it disappears from every endpoint, while its trips and events keep counting.</summary>
    /// <response code="204">Archived.</response>
    /// <response code="412">The driver changed since the ETag in If-Match.</response>
    [HttpDelete("{driver_id}")]
    [EndpointName("deleteDriver")]
    [RequestHeader(RequestHeaderAttribute.IfMatch, "The ETag the archive is based on: 412 if the driver has changed since.")]
    [Authorize(Policy = Policies.Write)]
    [InvalidatesCache(CachePrefixes.ThisDriverDetail, CachePrefixes.DriversList, CachePrefixes.AllDashboards, CachePrefixes.RiskDistribution)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IActionResult> Delete([FromRoute(Name = "driver_id")] string driverId, [FromServices] DriverCommands commands,
        CancellationToken cancellationToken)
    {
        if (!TryParseId(driverId, out var id, out var invalid))
        {
            return invalid;
        }

        var result = await commands.ArchiveAsync(id, IfMatchPrecondition.Of(Request), cancellationToken);
        return result.Status == DriverWriteStatus.Done ? NoContent() : ToResult(result, StatusCodes.Status204NoContent, driverId);
    }

    private IActionResult ToResult(DriverWriteResult result, int successStatus, string? driverId = null) => result.Status switch
    {
        DriverWriteStatus.Done => JsonRepresentation.Of(result.Driver!).ToResult(successStatus),
        DriverWriteStatus.NotFound => NotFoundProblem(driverId!),
        DriverWriteStatus.Invalid => this.ValidationResponse(result.Errors!),
        DriverWriteStatus.Conflict => this.ProblemResponse(StatusCodes.Status409Conflict, result.Detail!),
        _ => this.ProblemResponse(StatusCodes.Status412PreconditionFailed, result.Detail!),
    };

    private bool TryParseId(string driverId, out int id, out IActionResult invalid)
    {
        invalid = null!;
        if (EntityCode.Driver.TryParse(driverId, out id))
        {
            return true;
        }

        if (EntityCode.Driver.IsWellFormed(driverId))
        {
            // DRV-00001 is a well-formed id of no driver: ids are compared as the text they are, DRV-0001 is another.
            invalid = NotFoundProblem(driverId);
            return false;
        }

        invalid = this.ValidationResponse(new Dictionary<string, string[]> { ["driver_id"] = ["driver_id must look like DRV-0001."] });
        return false;
    }

    // The body parameters are nullable so that a body MVC cannot read is refused with its reason alone, not also with
    // "the request field is required"; what reaches the action as null is a JSON null body.
    private ActionResult BodyIsNotAnObject() =>
        this.ValidationResponse(new Dictionary<string, string[]> { ["$"] = ["The body must be a JSON object."] });

    private ObjectResult NotFoundProblem(string driverId) =>
        this.ProblemResponse(StatusCodes.Status404NotFound, $"No driver {driverId}.");
}
