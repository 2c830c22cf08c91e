using System.Security.Cryptography;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Random generation tokens. Random rather than counted, so a generation that is evicted and created again can
/// never repeat a value an old entry was stamped with.
/// </summary>
public static class GenerationToken
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
