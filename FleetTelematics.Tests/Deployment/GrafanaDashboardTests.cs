using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

public sealed partial class GrafanaDashboardTests
{
    private const string HitRatePanel = "Cache hit rate per prefix";
    private readonly JsonObject dashboard = DeploymentFiles.Dashboard();
    private IReadOnlyList<JsonObject> Panels => DeploymentFiles.DashboardPanels(dashboard);

    [Test]
    public void Dashboard_Header_HasUidAndSchemaVersion()
    {
        ((string?)dashboard["uid"]).Should().Be("fleet-cache");
        ((int?)dashboard["schemaVersion"]).Should().BeInRange(36, 41);
    }

    [TestCase(HitRatePanel)]
    [TestCase("Cache hits per second by prefix")]
    [TestCase("Cache misses per second by prefix")]
    [TestCase("Cache operation latency p50 / p95 / p99")]
    [TestCase("Cache invalidations per second by prefix")]
    [TestCase("Cache bypasses per second by reason")]
    [TestCase("Cache store errors per second by operation")]
    [TestCase("Circuit-breaker state")]
    [TestCase("HTTP request rate per route")]
    [TestCase("HTTP latency p50 / p99 per route")]
    [TestCase("HTTP 5xx errors per second per route")]
    public void Panel_Required_IsPresentWithQueries(string title) =>
        Panels.Should().ContainSingle(panel => (string?)panel["title"] == title)
            .Which["targets"]!.AsArray().Should().NotBeEmpty();

    [Test]
    public void Panels_Every_AreTimeseriesOrStat() =>
        Panels.Select(panel => (string?)panel["type"]).Should().OnlyContain(type => type == "timeseries" || type == "stat");

    [Test]
    public void Targets_EveryPanel_UsePrometheusDatasourceUid()
    {
        foreach (var panel in Panels)
        {
            ((string?)panel["datasource"]?["uid"]).Should().Be("prometheus", $"panel '{panel["title"]}'");
            panel["targets"]!.AsArray().Select(target => (string?)target?["datasource"]?["uid"])
                .Should().OnlyContain(uid => uid == "prometheus", $"panel '{panel["title"]}'");
        }
    }

    [Test]
    public void Expressions_Every_ParseAsPromQl()
    {
        var expressions = Panels.SelectMany(DeploymentFiles.TargetExpressions).Select(WithGrafanaIntervals).ToList();

        var (exitCode, output) = Promtool.CheckExpressions(expressions);

        exitCode.Should().Be(0, $"{output}\nexpressions, numbered as in expression:n:check:\n{string.Join('\n', expressions.Select((expr, i) => $"{i}: {expr}"))}");
    }

    [Test]
    public void HitRatePanel_Expression_ContainsContractPromQl() =>
        DeploymentFiles.TargetExpressions(Panels.Single(panel => (string?)panel["title"] == HitRatePanel))
            .Select(MetricsContract.Normalize)
            .Should().ContainSingle(expr => expr.Contains(MetricsContract.Normalize(MetricsContract.HitRatePerPrefix)));

    [Test]
    public void CacheLatencyPanel_Quantiles_AreP50P95P99ByOperation()
    {
        var expressions = DeploymentFiles.TargetExpressions(Panels.Single(panel => (string?)panel["title"] == "Cache operation latency p50 / p95 / p99"))
            .Select(MetricsContract.Normalize)
            .ToList();

        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
        {
            expressions.Should().ContainSingle(expr =>
                expr.StartsWith($"histogram_quantile({quantile},", StringComparison.Ordinal)
                && expr.Contains("cache_operation_duration_seconds_bucket")
                && expr.Contains("by(operation,le)"));
        }
    }

    [Test]
    public void PanelIds_Every_AreUnique() =>
        dashboard["panels"]!.AsArray().Select(panel => (int?)panel?["id"]).Should().OnlyHaveUniqueItems().And.NotContainNulls();

    [Test]
    public void GridPositions_Panels_FitTheGridWithoutOverlap()
    {
        var boxes = dashboard["panels"]!.AsArray().Select(panel => panel!["gridPos"]!)
            .Select(pos => (X: (int)pos["x"]!, Y: (int)pos["y"]!, W: (int)pos["w"]!, H: (int)pos["h"]!))
            .ToList();

        boxes.Should().OnlyContain(box => box.X >= 0 && box.X + box.W <= 24);
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                overlap.Should().BeFalse($"panels {i} and {j} overlap");
            }
        }
    }

    // Grafana fills in its interval variables before Prometheus sees a query; any duration stands in for them here.
    // Another variable is not PromQL and makes promtool fail, which is the point: add it here knowingly.
    private static string WithGrafanaIntervals(string expression) => GrafanaInterval().Replace(expression, "5m");

    [GeneratedRegex(@"\$\{?__(rate_interval|interval|range)\b\}?")]
    private static partial Regex GrafanaInterval();
}
