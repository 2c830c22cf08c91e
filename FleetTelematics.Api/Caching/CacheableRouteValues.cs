using FleetTelematics.Domain.Common;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// The route values a cached action may have, each with the format it must have before the cache is consulted. A cached
/// action with a route value missing here stops start-up: every value that can create a key must be known valid first.
/// </summary>
internal static class CacheableRouteValues
{
    // Only the canonical spelling: DRV-00001 is well-formed but names no driver (404), and must not get keys of its own.
    private static readonly Dictionary<string, Func<string?, bool>> Rules = new(StringComparer.OrdinalIgnoreCase)
    {
        ["driver_id"] = value => EntityCode.Driver.TryParse(value, out _),
        ["vehicle_id"] = value => EntityCode.Vehicle.TryParse(value, out _),
    };

    public static Func<string?, bool>? RuleFor(string name) => Rules.GetValueOrDefault(name);
}
