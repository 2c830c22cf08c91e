namespace FleetTelematics.Tests.Deployment;

public sealed class GrafanaProvisioningTests
{
    private const string ProvisioningFolder = "deploy/grafana/provisioning";
    private readonly ComposeFile compose = DeploymentFiles.Compose();

    [Test]
    public void Datasource_Prometheus_HasFixedUidAndComposeAddress()
    {
        var datasource = DeploymentFiles.ReadYaml(ProvisioningFolder + "/datasources/prometheus.yml")
            .List("datasources").Cast<IDictionary<object, object>>().Single();

        datasource.Text("type").Should().Be("prometheus");
        datasource.Text("uid").Should().Be("prometheus", "the dashboards refer to it by this uid");
        datasource.Text("url").Should().Be("http://prometheus:9090");
    }

    [Test]
    public void ProvisioningFolder_MountedIntoGrafana_IsThisFolder() =>
        compose.HostPathOf("grafana", "/etc/grafana/provisioning").Should().Be(DeploymentFiles.PathOf(ProvisioningFolder));

    [Test]
    public void DashboardProvider_Path_IsMountedFromDashboardsFolder()
    {
        var provider = DeploymentFiles.ReadYaml(ProvisioningFolder + "/dashboards/fleet.yml")
            .List("providers").Cast<IDictionary<object, object>>().Single();

        provider.Text("type").Should().Be("file");
        compose.HostPathOf("grafana", provider.Map("options").Text("path")!)
            .Should().Be(DeploymentFiles.PathOf("deploy/grafana/dashboards"));
    }

    [Test]
    public void HomeDashboard_Path_IsAMountedDashboardFile()
    {
        var homePath = compose.Environment("grafana")["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];

        File.Exists(compose.HostPathOf("grafana", homePath)).Should().BeTrue();
    }
}
