using FleetTelematics.Api.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Test-only endpoints (added to the API as an application part by caching fixtures): a cached GET that can be
/// made slow, a write that invalidates it, and responses that differ per user or per role.
/// </summary>
[ApiController]
[Route("test/probe")]
public sealed class CacheProbeController(CacheProbeState state) : ControllerBase
{
    public const string Prefix = "probe";

    [HttpGet("value")]
    [AllowAnonymous]
    [CachedResponse(60, Prefix)]
    public async Task<ProbeValue> Get(CancellationToken cancellationToken)
    {
        state.CountComputation();
        var value = state.Value; // read before waiting, as a slow query reads its data before it finishes
        await state.WaitAtGateAsync(cancellationToken);
        return new ProbeValue(value, new string('x', state.BodyPadding));
    }

    [HttpGet("missing")]
    [AllowAnonymous]
    [CachedResponse(60, "probe_missing")]
    public IActionResult Missing()
    {
        state.CountComputation();
        return NotFound();
    }

    [HttpGet("boom")]
    [AllowAnonymous]
    public IActionResult Boom() =>
        throw new InvalidOperationException("Host=db.internal;Password=hunter2 SELECT * FROM users — must never reach a client");

    [HttpPost("value/{value:int}")]
    [AllowAnonymous]
    [InvalidatesCache(Prefix)]
    public IActionResult Set(int value)
    {
        state.Value = value;
        return NoContent();
    }

    [HttpGet("me")]
    [Authorize]
    [CachedResponse(60, "probe_user", Scope = CacheScope.User)]
    public ProbeIdentity Me() => new(User.FindFirst("sub")?.Value, User.FindFirst("role")?.Value, state.CountComputation());

    [HttpGet("my-role")]
    [Authorize]
    [CachedResponse(60, "probe_role", Scope = CacheScope.Role)]
    public ProbeIdentity MyRole() => new(null, User.FindFirst("role")?.Value, state.CountComputation());

    [HttpGet("shared")]
    [Authorize]
    [CachedResponse(60, "probe_shared")]
    public ProbeIdentity Shared() => new(User.FindFirst("sub")?.Value, User.FindFirst("role")?.Value, state.CountComputation());
}

public sealed record ProbeValue(int Value, string Padding);

public sealed record ProbeIdentity(string? User, string? Role, int Computation);
