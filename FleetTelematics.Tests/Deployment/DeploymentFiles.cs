using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// Finds and parses the deployment files (compose, Prometheus, Grafana) in the checkout, so tests can check them
/// without a Docker engine.
/// </summary>
public static class DeploymentFiles
{
    private const string SolutionFileName = "FleetTelematics.sln";
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    // compose's `!reset` (an override that empties what the base file set) reads as the empty list it stands for.
    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithTagMapping("!reset", typeof(List<object>)).Build();

    /// <summary>The checkout's root: the nearest directory above the test output that holds the solution.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>An absolute path from a repository-relative one written with forward slashes.</summary>
    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>A YAML document as nested <c>IDictionary&lt;object, object&gt;</c>, <c>IList&lt;object&gt;</c> and strings.</summary>
    public static IDictionary<object, object> ReadYaml(string relativePath) =>
        // The merging parser resolves `<<: *anchor` (compose's way of sharing a service's settings).
        Yaml.Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(new StringReader(File.ReadAllText(PathOf(relativePath))))))
        ?? throw new InvalidDataException($"{relativePath} is empty.");

    public static ComposeFile Compose(string fileName = "compose.yaml") => new(ReadYaml(fileName));

    /// <summary>The override files that add the scale-out options to compose.yaml, each used with it.</summary>
    public static IReadOnlyList<string> ComposeOverrides { get; } = ["compose.scale.yaml", "compose.redis-cluster.yaml", "compose.standby.yaml"];

    /// <summary>The rule files that prometheus.yml loads, repository-relative; Prometheus resolves them next to it.</summary>
    public static IReadOnlyList<string> PrometheusRuleFiles() =>
        ReadYaml("deploy/prometheus/prometheus.yml").List("rule_files")
            .Select(file => "deploy/prometheus/" + file)
            .ToList();

    /// <summary>The <c>promtool test rules</c> files, repository-relative.</summary>
    public static IReadOnlyList<string> PrometheusRuleTestFiles() =>
        Directory.EnumerateFiles(PathOf("deploy/prometheus/tests"), "*.yml")
            .Select(file => Path.GetRelativePath(RepositoryRoot, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<PrometheusRule> PrometheusRules() =>
        PrometheusRuleFiles().SelectMany(file => PrometheusRule.ReadAll(file, ReadYaml(file))).ToList();

    public static JsonObject Dashboard(string fileName = "fleet-cache.json") =>
        JsonNode.Parse(File.ReadAllText(PathOf("deploy/grafana/dashboards/" + fileName)))?.AsObject()
        ?? throw new InvalidDataException($"{fileName} is empty.");

    /// <summary>Every dashboard panel, with those nested in collapsed rows; rows themselves are left out.</summary>
    public static IReadOnlyList<JsonObject> DashboardPanels(JsonObject dashboard)
    {
        var panels = new List<JsonObject>();
        foreach (var panel in dashboard["panels"]!.AsArray().Select(node => node!.AsObject()))
        {
            if ((string?)panel["type"] == "row")
            {
                panels.AddRange(panel["panels"]?.AsArray().Select(node => node!.AsObject()) ?? []);
            }
            else
            {
                panels.Add(panel);
            }
        }

        return panels;
    }

    public static IEnumerable<string> TargetExpressions(JsonObject panel) =>
        panel["targets"]?.AsArray().Select(target => (string?)target?["expr"] ?? "") ?? [];

    /// <summary>
    /// Every metric name the alert/recording rules and the dashboards query, for checking against a live
    /// <c>/metrics</c> scrape. Names recorded by the rules themselves are not exported by the API and are left out.
    /// </summary>
    public static IReadOnlySet<string> MetricNamesUsed()
    {
        var rules = PrometheusRules();
        var dashboardExpressions = Directory
            .EnumerateFiles(PathOf("deploy/grafana/dashboards"), "*.json")
            .SelectMany(file => DashboardPanels(Dashboard(Path.GetFileName(file))))
            .SelectMany(TargetExpressions);
        return PromQlMetricNames.Collect(
            rules.Select(rule => rule.Expr).Concat(dashboardExpressions),
            rules.Where(rule => rule.Record is not null).Select(rule => rule.Record!));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    }
}
