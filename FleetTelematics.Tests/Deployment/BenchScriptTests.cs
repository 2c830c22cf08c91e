using System.Diagnostics;
using System.Text.RegularExpressions;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// ./bench.sh takes ten minutes to run, so the suite only checks that it and its helpers parse, and that the peers it
/// measures against stay out of the solution (nothing ships them).
/// </summary>
public sealed partial class BenchScriptTests
{
    [Test]
    public void BenchScript_BashSyntax_Parses() =>
        Run("bash", "-n", DeploymentFiles.PathOf("bench.sh")).Should().Be(0);

    [TestCase("bench/bench.py")]
    [TestCase("bench/chart.py")]
    public void BenchHelper_PythonSyntax_Parses(string script) =>
        Run("python3", "-c", "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read())", DeploymentFiles.PathOf(script))
            .Should().Be(0);

    [Test]
    public void ScaleOutScenario_Flag_DefaultsOnAndIsDocumented()
    {
        var script = File.ReadAllText(DeploymentFiles.PathOf("bench.sh"));

        script.Should().Contain("SCALEOUT=${BENCH_SCALEOUT:-1}").And.Contain("#   BENCH_SCALEOUT=1");
        script.Should().Contain("#   BENCH_ONLY=scaleout", "the scenario can run alone, without the ten-minute rest");
        script.Should().Contain("deploy/nginx/nginx.conf", "the scenario runs the deployed nginx file");
    }

    // The same rewrite as the suite's NginxInstance, checked by nginx itself: bench.sh runs what nginx accepts.
    [Test]
    public void NginxConf_BenchRewrite_IsAcceptedByNginxWithEveryInstanceAsAServer()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-bench-nginx-").FullName;
        try
        {
            var config = Path.Combine(directory, "nginx.conf");
            Run("python3", DeploymentFiles.PathOf("bench/bench.py"), "nginx-conf", DeploymentFiles.PathOf(NginxInstance.ConfigFile),
                config, "18080", directory, "18081", "18082").Should().Be(0);
            var text = File.ReadAllText(config);

            UpstreamServer().Matches(text).Select(match => match.Groups[1].Value).Should().Equal("18081", "18082");
            text.Should().Contain("listen 127.0.0.1:18080;").And.NotContain("api:8080");
            Run(TestServices.NginxBinary, "-t", "-q", "-c", config, "-p", directory, "-e", Path.Combine(directory, "error.log"))
                .Should().Be(0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void PeersProject_Solution_IsNotListed() =>
        File.ReadAllText(DeploymentFiles.PathOf("FleetTelematics.sln")).Should().NotContain("FleetTelematics.Bench.Peers");

    private static int Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        TestContext.Out.WriteLine(errors.Result);
        return process.ExitCode;
    }

    [GeneratedRegex(@"server 127\.0\.0\.1:(\d+) max_fails")]
    private static partial Regex UpstreamServer();
}
