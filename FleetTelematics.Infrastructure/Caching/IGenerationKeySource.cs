namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Names the generation key of every prefix the store holds entries under. The store asks for it only when it has
/// observed an outage and must renew them all; whoever declares the prefixes (the response cache) implements it.
/// </summary>
public interface IGenerationKeySource
{
    IReadOnlyCollection<string> PrefixGenerations { get; }
}
