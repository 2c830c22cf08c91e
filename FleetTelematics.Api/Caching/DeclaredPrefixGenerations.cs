using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Api.Caching;

/// <summary>Tells the store the generation of every declared prefix, for it to renew after an observed outage.</summary>
internal sealed class DeclaredPrefixGenerations(CachePolicyRegistry registry, CacheKeyLayout layout) : IGenerationKeySource
{
    private readonly Lazy<string[]> _keys = new(() => registry.Prefixes.SelectMany(layout.PrefixGenerations).ToArray());

    public IReadOnlyCollection<string> PrefixGenerations => _keys.Value;
}
