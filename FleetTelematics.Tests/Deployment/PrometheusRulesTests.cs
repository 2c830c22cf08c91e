using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

public sealed partial class PrometheusRulesTests
{
    private const string HitRateRecord = "cache_key_pattern:cache_hit_ratio:rate5m";
    private readonly IReadOnlyList<PrometheusRule> rules = DeploymentFiles.PrometheusRules();

    [Test]
    public void RuleFiles_Promtool_AcceptsEveryRule()
    {
        var (exitCode, output) = Promtool.Run(["check", "rules", "--lint-fatal", .. DeploymentFiles.PrometheusRuleFiles()]);

        exitCode.Should().Be(0, output);
    }

    [Test]
    public void RuleUnitTests_Promtool_AllPass()
    {
        var testFiles = DeploymentFiles.PrometheusRuleTestFiles();

        var (exitCode, output) = Promtool.Run(["test", "rules", .. testFiles]);

        testFiles.Should().NotBeEmpty();
        exitCode.Should().Be(0, output);
    }

    [Test]
    public void RuleUnitTests_EveryAlert_IsSeenFiringAndQuiet()
    {
        var cases = UnitTestCases("alert_rule_test")
            .Select(test => (Alert: test.Text("alertname"), Fires: test.TryGetValue("exp_alerts", out var alerts) && alerts is IList<object> { Count: > 0 }))
            .ToList();

        foreach (var alert in rules.Where(rule => rule.Alert is not null).Select(rule => rule.Alert))
        {
            cases.Should().Contain((alert, true), $"a test under deploy/prometheus/tests should show {alert} firing");
            cases.Should().Contain((alert, false), $"a test under deploy/prometheus/tests should show {alert} not firing");
        }
    }

    [Test]
    public void RuleUnitTests_EveryRecordingRule_IsEvaluated()
    {
        var expressions = UnitTestCases("promql_expr_test")
            .Select(test => test.Text("expr") ?? "")
            .ToList();

        rules.Where(rule => rule.Record is not null).Select(rule => rule.Record!)
            .Should().OnlyContain(record => expressions.Any(expr => expr.Contains(record, StringComparison.Ordinal)),
                "every recorded series is checked for its values by a promql_expr_test");
    }

    [Test]
    public void Names_EveryRule_AreUniqueAndWellFormed()
    {
        rules.Select(rule => rule.Name).Should().OnlyHaveUniqueItems();
        rules.Where(rule => rule.Record is not null).Select(rule => rule.Record)
            .Should().OnlyContain(name => RecordingRuleName().IsMatch(name!), "recording rules follow level:metric:operations");
    }

    [Test]
    public void HitRateRecordingRule_Expression_EqualsContractPromQl() =>
        MetricsContract.Normalize(rules.Single(rule => rule.Record == HitRateRecord).Expr)
            .Should().Be(MetricsContract.Normalize(MetricsContract.HitRatePerPrefix));

    [Test]
    public void Alerts_Every_HaveSeverityAndSummary()
    {
        var alerts = rules.Where(rule => rule.Alert is not null).ToList();

        alerts.Should().NotBeEmpty();
        alerts.Select(rule => rule.Labels.GetValueOrDefault("severity")).Should().OnlyContain(severity => severity == "warning" || severity == "critical");
        alerts.Should().OnlyContain(rule => rule.Annotations.ContainsKey("summary") && rule.Annotations.ContainsKey("description"));
    }

    /// <summary>The <paramref name="kind"/> cases (alert_rule_test, promql_expr_test) of every test in the rule test files.</summary>
    private static IEnumerable<IDictionary<object, object>> UnitTestCases(string kind) =>
        DeploymentFiles.PrometheusRuleTestFiles()
            .SelectMany(file => DeploymentFiles.ReadYaml(file).List("tests").Cast<IDictionary<object, object>>())
            .SelectMany(test => test.TryGetValue(kind, out var cases) && cases is IList<object> list
                ? list.Cast<IDictionary<object, object>>()
                : []);

    [GeneratedRegex("^[a-z_]+:[a-z_]+:[a-z0-9_]+$")]
    private static partial Regex RecordingRuleName();
}
