namespace FleetTelematics.Api.Caching;

/// <summary>Where one request's response lives in the store, and the generations it depends on.</summary>
public sealed record CacheRequest(
    CachePolicy Policy,
    string EntryKey,
    IReadOnlyList<string> GenerationKeys);
