using static System.FormattableString;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// The figures of a run as a markdown table, rewritten after every scenario so that a run that fails half-way still
/// leaves what it measured.
/// </summary>
public sealed class FiguresReport(string path, string setting)
{
    private readonly List<ScenarioFigures> _scenarios = [];

    public string Path => path;

    /// <summary>The normal-miss measurement, shown above the table.</summary>
    public string? Baseline { get; set; }

    public void Add(ScenarioFigures figures)
    {
        _scenarios.Add(figures);
        Write();
    }

    public void Write() => File.WriteAllText(path, ToMarkdown());

    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            "# Faults under load",
            "",
            Invariant($"Run at {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. {setting}"),
            "",
        };
        if (Baseline is not null)
        {
            lines.AddRange([Baseline, ""]);
        }

        lines.Add($"| scenario | requests | errors by status | {string.Join(" | ", ScenarioFigures.CacheOutcomes)} | p99 ms | max ms (bound) | stale reads / URLs | writes acknowledged / checked |");
        lines.Add("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        lines.AddRange(_scenarios.Select(s => s.ToMarkdownRow()));
        return string.Join('\n', lines) + "\n";
    }
}
