using System.Text.RegularExpressions;

namespace FleetTelematics.Api.Caching;

/// <summary>One prefix a write invalidates, whole or narrowed by a scope filled from the write's route values.</summary>
public sealed partial record InvalidationTarget(string Prefix, string? ScopeTemplate)
{
    public static IEnumerable<string> Placeholders(string? template) =>
        template is null ? [] : PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>The scope for this request (<c>DRV-0001</c>), or null for the whole prefix.</summary>
    public string? ScopeFor(RouteValueDictionary routeValues) => ScopeTemplate is null
        ? null
        : PlaceholderPattern().Replace(ScopeTemplate, m => Convert.ToString(routeValues[m.Groups[1].Value],
            System.Globalization.CultureInfo.InvariantCulture) ?? "");

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
