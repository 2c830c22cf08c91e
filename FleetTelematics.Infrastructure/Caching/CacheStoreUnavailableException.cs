namespace FleetTelematics.Infrastructure.Caching;

/// <summary>The store failed, timed out, or is resting behind an open circuit: serve without it.</summary>
public sealed class CacheStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
