namespace FleetTelematics.Infrastructure.Caching;

/// <summary>Names of store operations, as the <c>operation</c> label carries them.</summary>
public static class CacheOperations
{
    public const string Get = "get";
    public const string Set = "set";
    public const string Invalidate = "invalidate";

    public static readonly IReadOnlyList<string> All = [Get, Set, Invalidate];
}
