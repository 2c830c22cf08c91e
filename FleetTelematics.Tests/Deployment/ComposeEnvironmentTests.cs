using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

public sealed partial class ComposeEnvironmentTests
{
    private readonly ComposeFile compose = DeploymentFiles.Compose();

    [Test]
    public void ApiEnvironment_DataStores_PointAtComposeServices()
    {
        var environment = compose.Environment("api");

        environment["ConnectionStrings__Fleet"].Should().Contain("Host=postgres;").And.Contain("Database=fleet;");
        environment["Redis__Configuration"].Should().Be("redis:6379");
    }

    [Test]
    public void ApiEnvironment_Production_AppliesMigrationsAtStartUp()
    {
        var environment = compose.Environment("api");

        environment["ASPNETCORE_ENVIRONMENT"].Should().Be("Production");
        environment["Startup__ApplyMigrations"].Should().BeEquivalentTo("true");
    }

    // Production has no default signing key or admin (see the contract), so compose must refuse to start
    // without them rather than fall back to a value committed here.
    [TestCase("api", "Jwt__SigningKey")]
    [TestCase("api", "Auth__BootstrapAdmin__Username")]
    [TestCase("api", "Auth__BootstrapAdmin__Password")]
    [TestCase("grafana", "GF_SECURITY_ADMIN_PASSWORD")]
    public void Secret_Value_IsARequiredVariable(string service, string name) =>
        compose.Environment(service)[name].Should().MatchRegex(RequiredVariable().ToString());

    [Test]
    public void Environment_SecretLikeValues_AreNeverLiterals()
    {
        var secrets = compose.ServiceNames
            .SelectMany(service => compose.Environment(service).Select(pair => (Service: service, pair.Key, pair.Value)))
            .Where(variable => SecretLikeName().IsMatch(variable.Key))
            .ToList();

        secrets.Should().NotBeEmpty();
        foreach (var (service, key, value) in secrets)
        {
            value.Should().StartWith("${", $"{service}'s {key} must come from the caller's environment");
        }

        compose.Environment("api")["ConnectionStrings__Fleet"].Should().Contain("Password=${");
    }

    [Test]
    public void RequiredVariables_Compose_AreDocumentedInReadme()
    {
        var readme = File.ReadAllText(DeploymentFiles.PathOf("deploy/README.md"));
        var required = RequiredVariableName().Matches(File.ReadAllText(DeploymentFiles.PathOf("compose.yaml")))
            .Select(match => match.Groups[1].Value)
            .Distinct()
            .ToList();

        required.Should().NotBeEmpty();
        required.Should().OnlyContain(name => readme.Contains(name), "the README lists what `docker compose up` needs");
    }

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*:\?[^}]+\}$")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*):\?")]
    private static partial Regex RequiredVariableName();

    [GeneratedRegex("password|secret|signingkey|apikey|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();
}
