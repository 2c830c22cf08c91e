namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// One of the <see cref="CacheKeyLayout.StripeCount"/> parts of a prefix: a Redis Cluster hash tag
/// (<paramref name="Tag"/>, such as <c>driver_detail:7</c>) that an entry shares with the generations it depends on.
/// </summary>
public readonly record struct CacheStripe(string Prefix, int Index, string Tag);
