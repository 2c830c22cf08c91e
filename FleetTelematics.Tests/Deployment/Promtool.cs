using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// Runs Prometheus's own <c>promtool</c> on the deployment files, so the rules and the configuration are judged by
/// Prometheus's parser rather than by ours. It comes with Debian's <c>prometheus</c> package, which ./test.sh installs.
/// </summary>
public static class Promtool
{
    private const string Executable = "promtool";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>Runs promtool in the repository root, so paths are repository-relative; returns its exit code and all it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = DeploymentFiles.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"{Executable} is not on PATH ({ex.Message}). It comes with Debian's prometheus package: " +
                "sudo apt-get install -y --no-install-recommends prometheus (./test.sh installs it when run as root).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} {string.Join(' ', arguments)} did not finish within {Timeout}.");
            }

            return (process.ExitCode, output.Result + errors.Result);
        }
    }

    /// <summary>
    /// Checks bare PromQL expressions (a dashboard's queries) by handing them to <c>promtool check rules</c> as
    /// recording rules named <c>expression:n:check</c>, n being the expression's index.
    /// </summary>
    public static (int ExitCode, string Output) CheckExpressions(IReadOnlyList<string> expressions)
    {
        // YAML is a superset of JSON, so a JSON document is a valid rules file.
        var rules = expressions.Select((expr, i) => new { record = $"expression:{i}:check", expr });
        var file = Path.Combine(Path.GetTempPath(), $"fleet-expressions-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, JsonSerializer.Serialize(new { groups = new[] { new { name = "expressions", rules } } }));
        try
        {
            return Run("check", "rules", "--lint-fatal", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
