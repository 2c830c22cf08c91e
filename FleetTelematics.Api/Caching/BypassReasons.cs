namespace FleetTelematics.Api.Caching;

/// <summary>Why a response was served without the cache, as the <c>reason</c> label carries it.</summary>
public static class BypassReasons
{
    public const string Disabled = "disabled";
    public const string StoreUnavailable = "store_unavailable";
    public const string TooLarge = "too_large";

    public static readonly IReadOnlyList<string> All = [Disabled, StoreUnavailable, TooLarge];
}
