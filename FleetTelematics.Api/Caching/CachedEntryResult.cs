using System.Globalization;
using FleetTelematics.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Writes a cached (or just computed) entry: its stored bytes and headers plus the caching headers of the contract,
/// or 304 when the client already holds this ETag.
/// </summary>
public sealed class CachedEntryResult(CacheEntry entry, string cacheStatus, TimeProvider clock) : IActionResult, IStatusCodeActionResult
{
    public const string CacheStatusHeader = "X-Cache";
    public const string Hit = "HIT";
    public const string Miss = "MISS";
    public const string Bypass = "BYPASS";
    public const string Stale = "STALE";

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var headers = response.Headers;
        foreach (var (name, value) in entry.Headers)
        {
            headers[name] = value;
        }

        headers[CacheStatusHeader] = cacheStatus;
        headers.ETag = entry.ETag;
        // Browsers may keep the body but must revalidate every time: the ETag makes that a cheap 304.
        headers.CacheControl = "private, no-cache";
        if (cacheStatus is Hit or Stale)
        {
            var age = Math.Max(0, (long)(clock.GetUtcNow() - entry.CreatedAt).TotalSeconds);
            headers.Age = age.ToString(CultureInfo.InvariantCulture);
        }

        if (EntityTag.MatchesIfNoneMatch(context.HttpContext.Request, entry.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        response.ContentLength = entry.Body.Length;
        return response.Body.WriteAsync(entry.Body, context.HttpContext.RequestAborted).AsTask();
    }
}
