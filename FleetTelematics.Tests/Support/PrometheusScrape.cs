using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Support;

/// <summary>A parsed Prometheus text exposition: sample values by name and label set, plus the declared families.</summary>
public sealed partial class PrometheusScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);

    private PrometheusScrape(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                _families.Add(line.Split(' ')[2]);
                continue;
            }

            var match = SamplePattern().Match(line);
            if (match.Success)
            {
                _samples[Key(match.Groups["name"].Value, ParseLabels(match.Groups["labels"].Value))] =
                    double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
    }

    public static async Task<PrometheusScrape> FromAsync(HttpClient client) => new(await client.GetStringAsync("/metrics"));

    /// <summary>Every sample name and family name exported.</summary>
    public IReadOnlySet<string> Names => _samples.Keys.Select(k => k.Split('{')[0]).Concat(_families).ToHashSet(StringComparer.Ordinal);

    /// <summary>The value of the series with exactly these labels (scope labels ignored), or 0 when absent.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        _samples.GetValueOrDefault(Key(name, labels.ToDictionary(l => l.Label, l => l.Value)));

    public bool Has(string name, params (string Label, string Value)[] labels) =>
        _samples.ContainsKey(Key(name, labels.ToDictionary(l => l.Label, l => l.Value)));

    private static Dictionary<string, string> ParseLabels(string labels) =>
        LabelPattern().Matches(labels).Where(m => !m.Groups[1].Value.StartsWith("otel_scope", StringComparison.Ordinal))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static string Key(string name, IReadOnlyDictionary<string, string> labels) =>
        $"{name}{{{string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)")]
    private static partial Regex SamplePattern();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPattern();
}
