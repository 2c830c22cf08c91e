using System.Net;
using System.Text.RegularExpressions;
using FleetTelematics.Api.Errors;
using FleetTelematics.Api.Http;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// compose.scale.yaml (API replicas behind nginx), compose.redis-cluster.yaml and compose.standby.yaml, each used on
/// top of compose.yaml, and deploy/nginx/nginx.conf that the scale file mounts — checked by parsing, since no Docker
/// engine runs here. <see cref="NginxInFrontTests"/> runs the nginx file itself.
/// </summary>
public sealed partial class ComposeScaleOutTests
{
    private static readonly string[] ComposeConditions = ["service_started", "service_healthy", "service_completed_successfully"];
    private readonly ComposeFile baseFile = DeploymentFiles.Compose();
    private readonly ComposeFile scale = DeploymentFiles.Compose("compose.scale.yaml");
    private readonly ComposeFile cluster = DeploymentFiles.Compose("compose.redis-cluster.yaml");
    private readonly ComposeFile standby = DeploymentFiles.Compose("compose.standby.yaml");
    private readonly NginxConf nginx = NginxConf.Deployed();

    public static IEnumerable<string> Overrides => DeploymentFiles.ComposeOverrides;

    [Test]
    public void ScaleApi_Replicas_AtLeastTwoAndNoHostPort()
    {
        var api = scale.Service("api");

        Regex.Match(api.Map("deploy").Text("replicas")!, @"^\$\{API_REPLICAS:-(\d+)\}$").Groups[1].Value
            .Should().MatchRegex("^[2-9]$", "the default is several replicas, API_REPLICAS changes it");
        api.List("ports").Should().BeEmpty("replicas cannot share one host port: nginx is the way in");
        File.ReadAllText(DeploymentFiles.PathOf("compose.scale.yaml")).Should().Contain("ports: !reset []",
            "compose merges lists, so only !reset removes the base file's 8080:8080");
    }

    [Test]
    public void ScaleNginx_Service_MountsTheDeployedConfigAndPublishes8080()
    {
        var service = scale.Service("nginx");

        service.Text("image").Should().MatchRegex(@"^nginx:1\.\d+$");
        scale.HostPathOf("nginx", "/etc/nginx/nginx.conf").Should().Be(DeploymentFiles.PathOf(NginxInstance.ConfigFile));
        service.List("ports").Texts().Should().Equal("8080:8080");
        string.Join(' ', service.Map("healthcheck").List("test").Texts()).Should().Contain("/nginx/health");
        service.Map("depends_on").Map("api").Text("condition").Should().Be("service_healthy",
            "nginx resolves `api` once at start, so every replica must be up by then");
    }

    [Test]
    public void NginxUpstream_Servers_NameComposeServicesOnTheApiPort()
    {
        var services = baseFile.ServiceNames.Concat(scale.ServiceNames).ToHashSet();
        var upstreams = nginx.Upstreams();

        upstreams.Should().NotBeEmpty();
        foreach (var (name, servers) in upstreams)
        {
            servers.Should().NotBeEmpty($"upstream {name} needs a server");
            foreach (var (address, _) in servers)
            {
                var (host, port) = (address.Split(':')[0], address.Split(':')[1]);
                services.Should().Contain(host, $"upstream {name}'s server {address} must be a compose service");
                port.Should().Be("8080", "the image listens on 8080 (Dockerfile ASPNETCORE_URLS)");
            }
        }

        nginx.ProxyPassTargets().Should().NotBeEmpty().And.OnlyContain(target => upstreams.ContainsKey(target));
    }

    [Test]
    public void NginxUpstream_PassiveHealthAndKeepalive_AreSet()
    {
        var (_, parameters) = nginx.Upstreams()["fleet_api"].Single();

        parameters.Should().MatchRegex(@"max_fails=[1-9]").And.MatchRegex(@"fail_timeout=\d+s");
        nginx.UpstreamBody("fleet_api").Should().MatchRegex(@"keepalive\s+[1-9]\d*;");
        // Keepalive to an upstream needs HTTP/1.1 and no "Connection: close" passed on.
        nginx.Directive("proxy_http_version").Should().Equal("1.1");
        nginx.ProxyHeaders()["Connection"].Should().Be("\"\"");
        nginx.Directive("proxy_next_upstream").Single().Split(' ').Should().NotContain("http_503",
            "a 503 (PostgreSQL down) comes from every replica alike; retrying it would only double the load");
        nginx.Directive("health_check").Should().BeEmpty("active health checks are NGINX Plus only");
    }

    [Test]
    public void NginxTimeouts_Proxy_AreBoundedAndReadOutlastsTheStatementTimeout()
    {
        Seconds(nginx.Directive("proxy_connect_timeout").Single()).Should().BeInRange(1, 5);
        Seconds(nginx.Directive("proxy_read_timeout").Single()).Should().BeGreaterThan(5, "the API's statements may take 5 s");
        Seconds(nginx.Directive("proxy_send_timeout").Single()).Should().BePositive();
    }

    [Test]
    public void NginxLimits_BodyAndHeaders_LetTheApisOwnLimitsAnswer()
    {
        Megabytes(nginx.Directive("client_max_body_size").Single()).Should()
            .BeGreaterThan(RequestBodyLimitMiddleware.MaxIngestBodyBytes / 1024.0 / 1024.0);
        var buffers = nginx.Directive("large_client_header_buffers").Single().Split(' ');
        Kilobytes(buffers[1]).Should().BeGreaterThanOrEqualTo(RequestSizeLimits.MaxRequestLineBytes / 1024,
            "a request line must fit one buffer, or nginx answers 414 before the API can");
    }

    [Test]
    public void ForwardedHeaders_NginxAndApi_AgreeOnTheOneTrustedProxy()
    {
        var environment = scale.Environment("api");
        var nginxAddress = scale.Service("nginx").Map("networks").Map("default").Text("ipv4_address")!;
        var subnet = scale.Document.Map("networks").Map("default").Map("ipam").List("config")
            .Cast<IDictionary<object, object>>().Single().Text("subnet")!;

        environment["ForwardedHeaders__Enabled"].Should().Be("true");
        environment["ForwardedHeaders__KnownProxies__0"].Should().Be(nginxAddress);
        System.Net.IPNetwork.Parse(subnet).Contains(IPAddress.Parse(nginxAddress)).Should().BeTrue();
        environment["ForwardedHeaders__ForwardLimit"].Should().Be("1", "only nginx's own, right-most entry is read");
        nginx.ProxyHeaders()["X-Forwarded-For"].Should().Be("$proxy_add_x_forwarded_for");
        nginx.ProxyHeaders()["X-Forwarded-Proto"].Should().Be("$scheme");
    }

    [Test]
    public void StopGracePeriod_Replicas_OutlastsDrainAndTimeout()
    {
        var environment = scale.Environment("api");
        var needed = TimeSpan.Parse(environment["Shutdown__DrainDelay"], System.Globalization.CultureInfo.InvariantCulture)
            + TimeSpan.Parse(environment["Shutdown__Timeout"], System.Globalization.CultureInfo.InvariantCulture);

        TimeSpan.FromSeconds(Seconds(scale.Service("api").Text("stop_grace_period")!)).Should().BeGreaterThan(needed,
            "compose kills the container after the grace period; it must not cut the drain or the requests in flight");
    }

    [Test]
    public void RedisCluster_Nodes_ThreeClusterEnabledMastersWithHealthchecks()
    {
        var nodes = cluster.ServiceNames.Where(name => name.StartsWith("redis-node-", StringComparison.Ordinal)).ToList();

        nodes.Should().HaveCount(3);
        foreach (var node in nodes)
        {
            var command = string.Join(' ', cluster.Service(node).List("command").Texts());
            command.Should().Contain("--cluster-enabled yes").And.Contain($"--cluster-announce-hostname {node}");
            cluster.Service(node).Map("healthcheck").List("test").Should().NotBeEmpty();
            cluster.Volumes(node).Should().ContainSingle(volume => volume.Target == "/data", "nodes.conf must survive a restart");
        }
    }

    [Test]
    public void RedisClusterInit_OneShot_CreatesTheClusterOverEveryNodeOnceTheyAreHealthy()
    {
        var init = cluster.Service("redis-cluster-init");
        var script = string.Join('\n', init.List("command").Texts());
        var nodes = cluster.ServiceNames.Where(name => name.StartsWith("redis-node-", StringComparison.Ordinal)).ToList();

        script.Should().Contain("redis-cli --cluster create").And.Contain("--cluster-replicas 0").And.Contain("--cluster-yes");
        nodes.Should().OnlyContain(node => script.Contains(node));
        nodes.Should().OnlyContain(node => init.Map("depends_on").Map(node).Text("condition") == "service_healthy");
        init.Text("restart").Should().Be("no");
    }

    [Test]
    public void RedisCluster_Api_ConnectsToEveryNodeAfterTheClusterIsFormed()
    {
        var nodes = cluster.ServiceNames.Where(name => name.StartsWith("redis-node-", StringComparison.Ordinal));

        cluster.Environment("api")["Redis__Configuration"].Split(',').Should().BeEquivalentTo(nodes.Select(node => node + ":6379"));
        cluster.Service("api").Map("depends_on").Map("redis-cluster-init").Text("condition")
            .Should().Be("service_completed_successfully");
    }

    [Test]
    public void Standby_Service_CopiesThePrimaryAndIsHealthyOnlyInRecovery()
    {
        var service = standby.Service("postgres-standby");
        var script = string.Join('\n', service.List("entrypoint").Texts());

        service.Text("image").Should().Be(baseFile.Service("postgres").Text("image"), "a standby runs the primary's major version");
        script.Should().Contain("pg_basebackup -h postgres").And.Contain(" -R ").And.Contain("-X stream");
        string.Join(' ', service.Map("healthcheck").List("test").Texts()).Should().Contain("pg_is_in_recovery()");
        service.Map("depends_on").Map("postgres").Text("condition").Should().Be("service_healthy");
        standby.HostPathOf("postgres", "/docker-entrypoint-initdb.d/allow-replication.sh").Should().NotBeNull()
            .And.Subject.Should().Match(path => File.ReadAllText(path!).Contains("host replication all all"));
    }

    [Test]
    public void Standby_Api_ReadsMissesFromTheStandbyAndWritesToThePrimary()
    {
        var environment = standby.Environment("api");

        environment["ConnectionStrings__FleetReplica"].Should().Contain("Host=postgres-standby;").And.Contain("Database=fleet;");
        environment["ConnectionStrings__Fleet"].Should().Contain("Host=postgres;");
        standby.Service("api").Map("depends_on").Map("postgres-standby").Text("condition").Should().Be("service_healthy");
    }

    [TestCaseSource(nameof(Overrides))]
    public void Services_EveryOne_HasAnImageOrABuildOrExtendsTheBaseFile(string file)
    {
        var compose = DeploymentFiles.Compose(file);

        foreach (var service in compose.ServiceNames.Where(name => !baseFile.ServiceNames.Contains(name)))
        {
            compose.Service(service).Keys.Cast<string>().Should().Contain(key => key == "image" || key == "build",
                $"{file}: {service} is new here, so it needs an image or a build");
        }
    }

    [TestCaseSource(nameof(Overrides))]
    public void Healthchecks_EveryLongRunningNewService_HasOne(string file)
    {
        var compose = DeploymentFiles.Compose(file);

        foreach (var service in compose.ServiceNames.Where(name => !baseFile.ServiceNames.Contains(name)))
        {
            if (compose.Service(service).Text("restart") == "no")
            {
                continue;
            }

            compose.Service(service).Map("healthcheck").List("test").Should().NotBeEmpty($"{file}: {service} needs a healthcheck");
        }
    }

    [TestCaseSource(nameof(Overrides))]
    public void DependsOn_EveryEntry_NamesAServiceWithAKnownCondition(string file)
    {
        var compose = DeploymentFiles.Compose(file);
        var known = baseFile.ServiceNames.Concat(compose.ServiceNames).ToHashSet();

        foreach (var service in compose.ServiceNames)
        {
            if (!compose.Service(service).TryGetValue("depends_on", out var node))
            {
                continue;
            }

            foreach (var (target, settings) in ((IDictionary<object, object>)node).Select(pair => ((string)pair.Key, (IDictionary<object, object>)pair.Value)))
            {
                known.Should().Contain(target, $"{file}: {service} depends on {target}");
                settings.Text("condition").Should().BeOneOf(ComposeConditions);
            }
        }
    }

    [TestCaseSource(nameof(Overrides))]
    public void Secrets_New_AreRequiredVariablesWithoutDefaults(string file)
    {
        var text = File.ReadAllText(DeploymentFiles.PathOf(file));
        var compose = DeploymentFiles.Compose(file);

        foreach (var service in compose.ServiceNames)
        {
            foreach (var (key, value) in compose.Environment(service).Where(pair => SecretLikeName().IsMatch(pair.Key)))
            {
                value.Should().MatchRegex(@"^\$\{[A-Z_]+:\?", $"{file}: {service}'s {key} must be required, with no default");
            }
        }

        SecretWithDefault().Matches(text).Select(match => match.Value).Should().BeEmpty($"{file} gives no secret a default");
    }

    [TestCaseSource(nameof(Overrides))]
    public void RequiredVariables_Override_AreDocumentedInReadme(string file)
    {
        var readme = File.ReadAllText(DeploymentFiles.PathOf("deploy/README.md"));

        readme.Should().Contain(file, "the README says how to use each override");
        foreach (Match match in RequiredVariableName().Matches(File.ReadAllText(DeploymentFiles.PathOf(file))))
        {
            readme.Should().Contain(match.Groups[1].Value);
        }
    }

    [TestCaseSource(nameof(Overrides))]
    public void BindMounts_Override_HostPathsExist(string file)
    {
        var compose = DeploymentFiles.Compose(file);

        foreach (var service in compose.ServiceNames)
        {
            foreach (var (source, _) in compose.BindMounts(service))
            {
                Path.Exists(DeploymentFiles.PathOf(source)).Should().BeTrue($"{file}: {service} mounts {source}");
            }
        }
    }

    private static double Seconds(string value) => double.Parse(value.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);

    private static double Megabytes(string value) => double.Parse(value.TrimEnd('m', 'M'), System.Globalization.CultureInfo.InvariantCulture);

    private static double Kilobytes(string value) => double.Parse(value.TrimEnd('k', 'K'), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("password|secret|signingkey|apikey|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"\$\{[A-Z_]*(PASSWORD|SECRET|KEY|TOKEN)[A-Z_]*:-")]
    private static partial Regex SecretWithDefault();

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*):\?")]
    private static partial Regex RequiredVariableName();
}
