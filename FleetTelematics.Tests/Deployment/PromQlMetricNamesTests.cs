using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Deployment;

[Category(TestKinds.Unit)]
public sealed class PromQlMetricNamesTests
{
    [Test]
    public void Collect_AggregationsAndGrouping_ReturnsOnlyMetricNames()
    {
        string[] expressions =
        [
            "sum(rate(cache_hits_total{cache_type=\"response\"}[5m])) by (cache_key_pattern) / on (cache_key_pattern) group_left sum without (instance) (rate(cache_misses_total[5m])) > 0.8",
            "max by (cache_type) (cache_circuit_state) == bool 1 unless ignoring (job) absent(cache_store_errors_total offset 1h)",
        ];

        PromQlMetricNames.Collect(expressions, []).Should().BeEquivalentTo(
            "cache_hits_total", "cache_misses_total", "cache_circuit_state", "cache_store_errors_total");
    }

    [Test]
    public void Collect_HistogramSeries_KeepsRawAndFamilyNames()
    {
        string[] expressions =
        [
            "histogram_quantile(0.99, sum(rate(http_server_request_duration_seconds_bucket[5m])) by (http_route, le))",
            "rate(cache_operation_duration_seconds_sum[1m]) / rate(cache_operation_duration_seconds_count[1m])",
        ];

        PromQlMetricNames.Collect(expressions, []).Should().BeEquivalentTo(
            "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds",
            "cache_operation_duration_seconds_sum", "cache_operation_duration_seconds_count", "cache_operation_duration_seconds");
    }

    [Test]
    public void Collect_RecordedAndPrometheusGeneratedNames_AreLeftOut()
    {
        string[] expressions = ["cache_key_pattern:cache_hit_ratio:rate5m < 0.8 and up{job=\"fleet-api\"} == 1 and scrape_duration_seconds > 1"];

        PromQlMetricNames.Collect(expressions, ["cache_key_pattern:cache_hit_ratio:rate5m"]).Should().BeEmpty();
    }

    [Test]
    public void Collect_GrafanaVariablesAndLabelValues_AreIgnored()
    {
        string[] expressions =
        [
            "sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\", http_route=\"${route}\"}[$__rate_interval])) by (http_route)",
            "topk(5, sum(increase(cache_bypasses_total{reason='too_large'}[$__range])) by (reason)) * 1e3",
        ];

        PromQlMetricNames.Collect(expressions, []).Should().BeEquivalentTo(
            "http_server_request_duration_seconds_count", "http_server_request_duration_seconds", "cache_bypasses_total");
    }
}
