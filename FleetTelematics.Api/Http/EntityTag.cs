using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace FleetTelematics.Api.Http;

/// <summary>
/// Strong ETags computed from a representation's bytes, so they are stable across processes and restarts and
/// change exactly when the body does.
/// </summary>
public static class EntityTag
{
    public static string FromBody(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return $"\"{Convert.ToHexStringLower(hash[..16])}\"";
    }

    /// <summary>True when an If-None-Match header names this tag (or <c>*</c>); weak comparison, as RFC 9110 asks.</summary>
    public static bool MatchesIfNoneMatch(HttpRequest request, string etag) =>
        Matches(request.Headers.IfNoneMatch, etag, allowWeak: true);

    /// <summary>True when If-Match is absent, is <c>*</c>, or names this tag with strong comparison.</summary>
    public static bool SatisfiesIfMatch(HttpRequest request, string etag) =>
        request.Headers.IfMatch.Count == 0 || Matches(request.Headers.IfMatch, etag, allowWeak: false);

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag, bool allowWeak)
    {
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: !allowWeak));
    }
}
