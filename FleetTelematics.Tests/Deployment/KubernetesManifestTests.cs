using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

/// <summary>The example manifests in deploy/kubernetes: probes, the grace period against the drain, secrets, selectors.</summary>
public sealed partial class KubernetesManifestTests
{
    private readonly IDictionary<object, object> deployment = DeploymentFiles.ReadYaml("deploy/kubernetes/deployment.yaml");
    private readonly IDictionary<object, object> service = DeploymentFiles.ReadYaml("deploy/kubernetes/service.yaml");
    private readonly IDictionary<object, object> budget = DeploymentFiles.ReadYaml("deploy/kubernetes/poddisruptionbudget.yaml");

    private IDictionary<object, object> PodSpec => deployment.Map("spec").Map("template").Map("spec");

    private IDictionary<object, object> Container => PodSpec.List("containers").Cast<IDictionary<object, object>>().Single();

    private IReadOnlyList<IDictionary<object, object>> Environment =>
        Container.List("env").Cast<IDictionary<object, object>>().ToList();

    [TestCase("readinessProbe", "/health/ready")]
    [TestCase("livenessProbe", "/health/live")]
    public void Probe_Path_IsTheMatchingHealthEndpoint(string probe, string path)
    {
        var get = Container.Map(probe).Map("httpGet");

        get.Text("path").Should().Be(path);
        get.Text("port").Should().Be(Container.List("ports").Cast<IDictionary<object, object>>().Single().Text("name"));
    }

    [Test]
    public void ContainerPort_Http_IsTheImagesPort() =>
        Container.List("ports").Cast<IDictionary<object, object>>().Single().Text("containerPort").Should().Be("8080");

    [Test]
    public void TerminationGracePeriod_Pod_OutlastsDrainDelayPlusTimeout()
    {
        var needed = Duration("Shutdown__DrainDelay") + Duration("Shutdown__Timeout");

        TimeSpan.FromSeconds(int.Parse(PodSpec.Text("terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture))
            .Should().BeGreaterThan(needed, "the kubelet's SIGKILL must not cut the drain or the requests in flight");
    }

    [Test]
    public void ReadinessProbe_Period_NoticesTheDrainWithinIt()
    {
        var readiness = Container.Map("readinessProbe");
        var noticedWithin = int.Parse(readiness.Text("periodSeconds")!, CultureInfo.InvariantCulture)
            * int.Parse(readiness.Text("failureThreshold")!, CultureInfo.InvariantCulture);

        TimeSpan.FromSeconds(noticedWithin).Should().BeLessThan(Duration("Shutdown__DrainDelay"),
            "the pod must be seen unready before it stops listening");
    }

    [Test]
    public void Replicas_Deployment_AreSeveralAndRolloutsKeepCapacity()
    {
        int.Parse(deployment.Map("spec").Text("replicas")!, CultureInfo.InvariantCulture).Should().BeGreaterThan(1);
        deployment.Map("spec").Map("strategy").Map("rollingUpdate").Text("maxUnavailable").Should().Be("0");
    }

    [Test]
    public void Selectors_ServiceAndBudget_MatchThePodLabels()
    {
        var labels = deployment.Map("spec").Map("template").Map("metadata").Map("labels");

        service.Map("spec").Map("selector").Should().BeEquivalentTo(labels);
        budget.Map("spec").Map("selector").Map("matchLabels").Should().BeEquivalentTo(labels);
        service.Map("spec").List("ports").Cast<IDictionary<object, object>>().Single().Text("targetPort").Should().Be("http");
    }

    [Test]
    public void Secrets_Environment_ComeFromSecretRefsNeverLiterals()
    {
        var secrets = Environment.Where(variable => SecretLike().IsMatch(variable.Text("name")!)).ToList();

        secrets.Should().HaveCountGreaterThanOrEqualTo(4);
        secrets.Should().OnlyContain(variable => !variable.ContainsKey("value") && variable.Map("valueFrom").ContainsKey("secretKeyRef"));
    }

    [Test]
    public void ScaleOutSettings_Environment_NameTheClusterTheStandbyAndTheTrustedProxies()
    {
        var names = Environment.Select(variable => variable.Text("name")).ToList();

        Value("Redis__Configuration").Split(',').Should().HaveCountGreaterThan(1, "several cluster nodes to start from");
        names.Should().Contain(["ConnectionStrings__Fleet", "ConnectionStrings__FleetReplica", "ForwardedHeaders__KnownNetworks__0"]);
        Value("Startup__ApplyMigrations").Should().Be("false", "N replicas must not race to migrate");
    }

    [Test]
    public void Readme_Kubernetes_ExplainsProbesAndTheDrain()
    {
        var readme = File.ReadAllText(DeploymentFiles.PathOf("deploy/kubernetes/README.md"));

        readme.Should().Contain("/health/ready").And.Contain("/health/live").And.Contain("terminationGracePeriodSeconds")
            .And.Contain("Shutdown__DrainDelay").And.Contain("ConnectionStrings__FleetReplica").And.Contain("Redis__Configuration");
    }

    private string Value(string name) => Environment.Single(variable => variable.Text("name") == name).Text("value")!;

    private TimeSpan Duration(string name) => TimeSpan.Parse(Value(name), CultureInfo.InvariantCulture);

    [GeneratedRegex("password|secret|signingkey|connectionstrings", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();
}
