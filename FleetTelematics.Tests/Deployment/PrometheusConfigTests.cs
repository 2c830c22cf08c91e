namespace FleetTelematics.Tests.Deployment;

public sealed class PrometheusConfigTests
{
    private readonly IDictionary<object, object> config = DeploymentFiles.ReadYaml("deploy/prometheus/prometheus.yml");

    private IDictionary<object, object> FleetApiJob =>
        config.List("scrape_configs").Cast<IDictionary<object, object>>().Single(job => job.Text("job_name") == "fleet-api");

    [Test]
    public void ConfigFile_Promtool_AcceptsItAndTheRuleFilesItLoads()
    {
        var (exitCode, output) = Promtool.Run("check", "config", "--lint-fatal", "deploy/prometheus/prometheus.yml");

        exitCode.Should().Be(0, output);
    }

    [Test]
    public void FleetApiJob_Targets_ScrapeApiMetricsEndpoint()
    {
        FleetApiJob.Text("metrics_path").Should().Be("/metrics");
        var discovery = FleetApiJob.List("dns_sd_configs").Cast<IDictionary<object, object>>().Single();
        discovery.List("names").Texts().Should().Equal("api");
        discovery.Text("type").Should().Be("A", "every replica's address is a target");
        discovery.Text("port").Should().Be("8080");
    }

    [Test]
    public void FleetApiJob_Interval_Is15Seconds() =>
        (FleetApiJob.Text("scrape_interval") ?? config.Map("global").Text("scrape_interval")).Should().Be("15s");

    [Test]
    public void RuleFiles_Listed_ExistAndCoverTheRulesFolder()
    {
        var listed = DeploymentFiles.PrometheusRuleFiles().Select(DeploymentFiles.PathOf).ToList();
        var inFolder = Directory.EnumerateFiles(DeploymentFiles.PathOf("deploy/prometheus/rules"), "*.yml");

        listed.Should().NotBeEmpty().And.OnlyContain(file => File.Exists(file));
        listed.Should().BeEquivalentTo(inFolder, "a rules file that prometheus.yml does not list is never evaluated");
    }

    [Test]
    public void ConfigFile_MountedIntoPrometheus_IsThisFile()
    {
        var compose = DeploymentFiles.Compose();
        var configFlag = compose.Service("prometheus").List("command").Texts()
            .Single(argument => argument.StartsWith("--config.file=", StringComparison.Ordinal));

        compose.HostPathOf("prometheus", configFlag["--config.file=".Length..])
            .Should().Be(DeploymentFiles.PathOf("deploy/prometheus/prometheus.yml"));
    }
}
