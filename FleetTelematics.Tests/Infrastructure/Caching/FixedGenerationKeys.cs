using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>A generation key source whose prefixes a test sets (and may add later, as start-up would).</summary>
public sealed class FixedGenerationKeys(params string[] keys) : IGenerationKeySource
{
    public List<string> Keys { get; } = [.. keys];

    public IReadOnlyCollection<string> PrefixGenerations => Keys;
}
