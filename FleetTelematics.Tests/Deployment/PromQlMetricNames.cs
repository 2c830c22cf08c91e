using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// Pulls the metric names out of PromQL expressions. Not a PromQL parser: it removes everything that can hold
/// an identifier which is not a metric (strings, label matchers, ranges, grouping label lists, Grafana variables,
/// numbers), and every identifier left that is not a keyword or a function call is a metric selector.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    // Series Prometheus makes itself; the API cannot export them.
    private static readonly HashSet<string> PrometheusGenerated = ["up", "ALERTS", "ALERTS_FOR_STATE"];

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "by", "without", "on", "ignoring",
        "group_left", "group_right", "offset", "inf", "nan",
    };

    /// <summary>
    /// The metric names in <paramref name="expressions"/>: each name as written, plus the histogram family for a
    /// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series; names in <paramref name="recordedNames"/> and series
    /// Prometheus generates (<c>up</c>, <c>scrape_*</c>, <c>ALERTS</c>) are left out.
    /// </summary>
    public static IReadOnlySet<string> Collect(IEnumerable<string> expressions, IEnumerable<string> recordedNames)
    {
        var recorded = recordedNames.ToHashSet(StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in expressions.SelectMany(InExpression))
        {
            if (recorded.Contains(name) || PrometheusGenerated.Contains(name) || name.StartsWith("scrape_", StringComparison.Ordinal))
            {
                continue;
            }

            names.Add(name);
            var suffix = HistogramSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal));
            if (suffix is not null)
            {
                names.Add(name[..^suffix.Length]);
            }
        }

        return names;
    }

    private static IEnumerable<string> InExpression(string expression)
    {
        // Order matters: Grafana's ${var} has braces, and label values in quotes may hold any character.
        var stripped = StringLiteral().Replace(expression, " ");
        stripped = GrafanaVariable().Replace(stripped, " ");
        stripped = LabelMatchers().Replace(stripped, " ");
        stripped = RangeOrSubquery().Replace(stripped, " ");
        stripped = GroupingLabels().Replace(stripped, " ");
        stripped = OffsetModifier().Replace(stripped, " ");
        stripped = NumberLiteral().Replace(stripped, " ");
        return Identifier().Matches(stripped)
            .Where(match => !IsFunctionCall(stripped, match) && !Keywords.Contains(match.Value))
            .Select(match => match.Value);
    }

    private static bool IsFunctionCall(string text, Match identifier) =>
        text[(identifier.Index + identifier.Length)..].TrimStart().StartsWith('(');

    [GeneratedRegex("""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupingLabels();

    [GeneratedRegex(@"\boffset\s+-?\w+", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetModifier();

    // Not preceded by an identifier character, so the digits inside a name such as "rate5m" stay.
    [GeneratedRegex(@"(?<![\w:])(0x[0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
