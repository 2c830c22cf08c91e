namespace FleetTelematics.Tests.Deployment;

public sealed class DeploymentFilesTests
{
    [Test]
    public void RepositoryRoot_FromTestOutput_HoldsTheSolutionAndComposeFile()
    {
        File.Exists(Path.Combine(DeploymentFiles.RepositoryRoot, "FleetTelematics.sln")).Should().BeTrue();
        File.Exists(DeploymentFiles.PathOf("compose.yaml")).Should().BeTrue();
    }

    [Test]
    public void MetricNamesUsed_RulesAndDashboards_AreAllExportedByTheApi() =>
        DeploymentFiles.MetricNamesUsed().Should().NotBeEmpty().And.BeSubsetOf(MetricsContract.ExportedNames());

    [Test]
    public void MetricNamesUsed_ExportedFamilies_AreEachChartedOrAlerted()
    {
        var families = MetricsContract.Counters.Concat(MetricsContract.Gauges).Concat(MetricsContract.Histograms);

        DeploymentFiles.MetricNamesUsed().Should().Contain(families, "an exported series nobody looks at is dead weight");
    }

    [Test]
    public void MetricNamesUsed_RecordingRules_AreNotReported() =>
        DeploymentFiles.MetricNamesUsed().Should().NotContain(name => name.Contains(':'));
}
