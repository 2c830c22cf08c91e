namespace FleetTelematics.Api.Caching;

/// <summary>
/// A cached response as stored: body, content type, ETag, creation time, the headers the action set (such as
/// <c>X-Total-Count</c> and <c>Link</c>), and the generation tokens it was computed under — all in one value.
/// </summary>
public sealed record CacheEntry(
    ReadOnlyMemory<byte> Body,
    string ContentType,
    string ETag,
    DateTimeOffset CreatedAt,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> Tokens);
