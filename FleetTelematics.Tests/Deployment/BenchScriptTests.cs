using System.Diagnostics;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// ./bench.sh takes ten minutes to run, so the suite only checks that it and its helpers parse, and that the peers it
/// measures against stay out of the solution (nothing ships them).
/// </summary>
public sealed class BenchScriptTests
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
}
