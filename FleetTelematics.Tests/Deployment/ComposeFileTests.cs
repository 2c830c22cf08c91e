namespace FleetTelematics.Tests.Deployment;

public sealed class ComposeFileTests
{
    private static readonly string[] DataStores = ["postgres", "redis"];
    private readonly ComposeFile compose = DeploymentFiles.Compose();

    [Test]
    public void Services_Declared_IncludeTheWholeStack() =>
        compose.ServiceNames.Should().BeEquivalentTo("api", "postgres", "redis", "prometheus", "grafana");

    [Test]
    public void ApiBuild_Context_IsTheRepositoryDockerfile()
    {
        var build = compose.Service("api").Map("build");

        DeploymentFiles.PathOf(build.Text("context")!).Should().Be(DeploymentFiles.RepositoryRoot);
        File.Exists(DeploymentFiles.PathOf(build.Text("dockerfile") ?? "Dockerfile")).Should().BeTrue();
    }

    [Test]
    public void ApiDependsOn_DataStores_WaitsUntilHealthy()
    {
        var dependsOn = compose.Service("api").Map("depends_on");

        foreach (var store in DataStores)
        {
            dependsOn.Map(store).Text("condition").Should().Be("service_healthy", $"the API migrates {store} data at start-up");
        }
    }

    [Test]
    public void Healthchecks_EveryService_HasATestCommand()
    {
        foreach (var service in compose.ServiceNames)
        {
            compose.Service(service).Map("healthcheck").List("test").Should().NotBeEmpty($"{service} needs a healthcheck");
        }
    }

    [Test]
    public void ApiHealthcheck_Probe_CallsReadinessEndpoint() =>
        compose.Service("api").Map("healthcheck").List("test").Texts()
            .Should().Contain("http://localhost:8080/health/ready");

    [TestCase("postgres", "pg_isready")]
    [TestCase("redis", "redis-cli ping")]
    public void DataStoreHealthcheck_Probe_UsesTheStoresOwnClient(string service, string probe) =>
        string.Join(' ', compose.Service(service).Map("healthcheck").List("test").Texts()).Should().Contain(probe);

    [Test]
    public void ApiPorts_Published_Maps8080() =>
        compose.Service("api").List("ports").Texts().Should().Contain("8080:8080");

    [Test]
    public void RedisCommand_Eviction_IsBoundedLruWithAppendOnlyFile()
    {
        var command = string.Join(' ', compose.Service("redis").List("command").Texts());

        command.Should().Contain("--appendonly yes")
            .And.Contain("--maxmemory 256mb")
            .And.Contain("--maxmemory-policy allkeys-lru");
    }

    [Test]
    public void Postgres_Image_IsVersion15WithFleetDatabase()
    {
        compose.Service("postgres").Text("image").Should().Be("postgres:15");
        compose.Environment("postgres")["POSTGRES_DB"].Should().Be("fleet");
    }

    [Test]
    public void BindMounts_HostPaths_ExistInRepository()
    {
        var mounts = compose.ServiceNames.SelectMany(service => compose.BindMounts(service)).ToList();

        mounts.Should().NotBeEmpty();
        foreach (var (source, _) in mounts)
        {
            source.Should().StartWith("./", "compose runs from the checkout, so mounts are relative to it");
            Path.Exists(DeploymentFiles.PathOf(source)).Should().BeTrue($"{source} is mounted into a container");
        }
    }

    [Test]
    public void NamedVolumes_UsedByServices_AreDeclared()
    {
        var declared = compose.Document.Map("volumes").Keys.Cast<string>();
        var used = compose.ServiceNames
            .SelectMany(service => compose.Volumes(service).Except(compose.BindMounts(service)))
            .Select(volume => volume.Source);

        declared.Should().BeEquivalentTo(used);
    }
}
