namespace FleetTelematics.Api.Caching;

/// <summary>How one action's responses are cached, worked out once from its attribute and its parameters.</summary>
/// <param name="RouteParameters">Route values in template order; each narrows the entry's generations.</param>
/// <param name="QueryParameters">The query parameters the action binds, by lower-case name.</param>
public sealed record CachePolicy(
    string Prefix,
    TimeSpan TimeToLive,
    CacheScope Scope,
    IReadOnlyList<RouteParameter> RouteParameters,
    IReadOnlyDictionary<string, QueryParameter> QueryParameters);
