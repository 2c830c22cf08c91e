using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

public sealed partial class PrometheusRulesTests
{
    private const string HitRateRecord = "cache_key_pattern:cache_hit_ratio:rate5m";
    private static readonly HashSet<string> RuleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];
    private readonly IReadOnlyList<PrometheusRule> rules = DeploymentFiles.PrometheusRules();

    [Test]
    public void RuleFiles_Every_HaveNamedGroupsOfWellFormedRules()
    {
        var problems = new List<string>();
        foreach (var file in DeploymentFiles.PrometheusRuleFiles())
        {
            var groups = DeploymentFiles.ReadYaml(file).List("groups").Cast<IDictionary<object, object>>().ToList();
            problems.AddRange(groups.Where(group => string.IsNullOrEmpty(group.Text("name"))).Select(_ => $"{file}: a group has no name"));
            foreach (var rule in groups.SelectMany(group => group.List("rules").Cast<IDictionary<object, object>>()))
            {
                var name = rule.Text("record") ?? rule.Text("alert") ?? "?";
                if ((rule.Text("record") is null) == (rule.Text("alert") is null))
                {
                    problems.Add($"{file}: {name} needs exactly one of record and alert");
                }

                if (string.IsNullOrWhiteSpace(rule.Text("expr")))
                {
                    problems.Add($"{file}: {name} has no expr");
                }

                problems.AddRange(rule.Keys.Cast<string>().Except(RuleKeys).Select(key => $"{file}: {name} has unknown key {key}"));
            }
        }

        problems.Should().BeEmpty();
    }

    [Test]
    public void Names_EveryRule_AreUniqueAndWellFormed()
    {
        rules.Select(rule => rule.Name).Should().OnlyHaveUniqueItems();
        rules.Where(rule => rule.Record is not null).Select(rule => rule.Record)
            .Should().OnlyContain(name => RecordingRuleName().IsMatch(name!), "recording rules follow level:metric:operations");
    }

    [Test]
    public void Expressions_Every_HaveBalancedBrackets() =>
        rules.Should().OnlyContain(rule => PromQlText.HasBalancedBrackets(rule.Expr));

    [Test]
    public void HitRateRecordingRule_Expression_EqualsContractPromQl() =>
        MetricsContract.Normalize(rules.Single(rule => rule.Record == HitRateRecord).Expr)
            .Should().Be(MetricsContract.Normalize(MetricsContract.HitRatePerPrefix));

    [TestCase("CacheHitRateLow", "cache_key_pattern:cache_hit_ratio:rate5m<0.8", "10m")]
    [TestCase("CacheNeverHits", "sum(rate(cache_misses_total[5m]))by(cache_key_pattern)>0.1", "10m")]
    [TestCase("CacheStoreErrors", "sum(rate(cache_store_errors_total[5m]))by(cache_type,operation)>0", "2m")]
    [TestCase("CacheCircuitOpen", "max(cache_circuit_state)by(cache_type)>0", "2m")]
    [TestCase("HttpLatencyP99High", "histogram_quantile(0.99,sum(rate(http_server_request_duration_seconds_bucket[5m]))by(http_route,le))>0.5", "10m")]
    [TestCase("HttpServerErrors", ">0.05", "5m")]
    [TestCase("FleetApiDown", "up{job=\"fleet-api\"}==0", "1m")]
    public void Alert_Expected_HasThresholdAndDuration(string alert, string condition, string duration)
    {
        var rule = rules.Single(candidate => candidate.Alert == alert);

        MetricsContract.Normalize(rule.Expr).Should().Contain(condition);
        rule.For.Should().Be(duration);
    }

    [Test]
    public void HitRateAlert_TrafficGuard_RequiresMinimumRequestRate()
    {
        var guard = MetricsContract.Normalize(
            "and on (cache_key_pattern) (sum(rate(cache_hits_total[5m])) by (cache_key_pattern) " +
            "+ sum(rate(cache_misses_total[5m])) by (cache_key_pattern)) > 0.1");

        MetricsContract.Normalize(rules.Single(rule => rule.Alert == "CacheHitRateLow").Expr).Should().EndWith(guard);
    }

    [Test]
    public void Alerts_Every_HaveSeverityAndSummary()
    {
        var alerts = rules.Where(rule => rule.Alert is not null).ToList();

        alerts.Should().NotBeEmpty();
        alerts.Select(rule => rule.Labels.GetValueOrDefault("severity")).Should().OnlyContain(severity => severity == "warning" || severity == "critical");
        alerts.Should().OnlyContain(rule => rule.Annotations.ContainsKey("summary") && rule.Annotations.ContainsKey("description"));
    }

    [GeneratedRegex("^[a-z_]+:[a-z_]+:[a-z0-9_]+$")]
    private static partial Regex RecordingRuleName();
}
