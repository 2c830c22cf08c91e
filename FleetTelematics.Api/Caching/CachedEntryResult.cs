using System.Globalization;
using FleetTelematics.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// A cached (or just computed) entry as the client gets it: the headers the action set, the contract's caching headers,
/// then the stored bytes through <see cref="RepresentationResult"/> (or 304).
/// </summary>
public sealed class CachedEntryResult(CacheEntry entry, string cacheStatus, TimeProvider clock) : IActionResult, IStatusCodeActionResult
{
    public const string CacheStatusHeader = "X-Cache";
    public const string Hit = "HIT";
    public const string Miss = "MISS";
    public const string Bypass = "BYPASS";
    public const string Stale = "STALE";

    // Every TTL is at most an hour: the Age of a hit is nearly always one of these, with no string to format.
    private static readonly string[] SmallAges = [.. Enumerable.Range(0, 3601).Select(a => a.ToString(CultureInfo.InvariantCulture))];

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, entry, cacheStatus, clock);

    /// <summary>Writes the entry as the answer; also used outside MVC by <see cref="LocalCopyMiddleware"/>.</summary>
    public static Task WriteAsync(HttpContext context, CacheEntry entry, string cacheStatus, TimeProvider clock)
    {
        var headers = context.Response.Headers;
        foreach (var (name, value) in entry.Headers)
        {
            headers[name] = value;
        }

        headers[CacheStatusHeader] = cacheStatus;
        // Browsers may keep the body but must revalidate every time: the ETag makes that a cheap 304.
        headers.CacheControl = "private, no-cache";
        if (cacheStatus is Hit or Stale)
        {
            var age = Math.Max(0, (long)(clock.GetUtcNow() - entry.CreatedAt).TotalSeconds);
            headers.Age = age < SmallAges.Length ? SmallAges[age] : age.ToString(CultureInfo.InvariantCulture);
        }

        return RepresentationResult.WriteAsync(context, entry.Body, entry.ContentType, entry.ETag, StatusCodes.Status200OK);
    }
}
