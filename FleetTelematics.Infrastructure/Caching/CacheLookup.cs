namespace FleetTelematics.Infrastructure.Caching;

/// <summary>What a lookup found: the entry's bytes (or none) and the current token of each generation key asked for.</summary>
public readonly record struct CacheLookup(byte[]? Entry, string[] Tokens);
