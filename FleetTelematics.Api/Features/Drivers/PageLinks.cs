using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// RFC 8288 <c>Link</c> header for skip/limit paging, keeping every other query parameter. Targets are relative
/// (resolved against the request URI), so a cached list never carries another client's host name.
/// </summary>
internal static class PageLinks
{
    public static string Build(HttpRequest request, int skip, int limit, int total)
    {
        var links = new List<string>(2);
        // long: skip may be int.MaxValue, and skip + limit must not wrap around.
        if ((long)skip + limit < total)
        {
            links.Add($"<{Url(request, skip + limit, limit)}>; rel=\"next\"");
        }

        if (skip > 0)
        {
            links.Add($"<{Url(request, Math.Max(0, skip - limit), limit)}>; rel=\"prev\"");
        }

        return string.Join(", ", links);
    }

    private static string Url(HttpRequest request, int skip, int limit)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !p.Key.Equals("skip", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("limit", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return UriHelper.BuildRelative(request.PathBase, request.Path, QueryString.Create(query));
    }
}
