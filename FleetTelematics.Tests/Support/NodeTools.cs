using System.Diagnostics;
using System.Text;
using FleetTelematics.Tests.Deployment;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Runs the Node tools pinned in <c>clients/typescript/package.json</c> (installed by <c>npm ci</c>, which ./test.sh
/// runs) and <c>node</c> itself, with output captured for the assertion message. A missing tool fails the test: a
/// suite that quietly skipped its client checks would be a lie.
/// </summary>
public static class NodeTools
{
    public static string ClientDirectory => DeploymentFiles.PathOf("clients/typescript");

    /// <param name="ExitCode">The process's exit code.</param>
    /// <param name="Output">Standard output and error, interleaved as they came, for messages.</param>
    /// <param name="StandardOutput">Standard output alone, for tools that print a result there.</param>
    public sealed record Result(int ExitCode, string Output, string StandardOutput)
    {
        public override string ToString() => $"exit code {ExitCode}:\n{Output}";
    }

    /// <summary>A tool from <c>node_modules/.bin</c> (tsc, redocly, openapi-typescript).</summary>
    public static Task<Result> ToolAsync(string tool, string workingDirectory, params string[] arguments)
    {
        var path = Path.Combine(ClientDirectory, "node_modules", ".bin", tool);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: run `npm ci` in clients/typescript (./test.sh does it) with Node.js 20+.");
        }

        return RunAsync(path, workingDirectory, arguments);
    }

    public static Task<Result> NodeAsync(string workingDirectory, params string[] arguments) =>
        RunAsync("node", workingDirectory, arguments);

    private static async Task<Result> RunAsync(string fileName, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours, no update checks, no telemetry: the machines reach package registries only.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        var stdout = Pump(process.StandardOutput, output, standardOutput);
        var stderr = Pump(process.StandardError, output, null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} ran over 2 minutes:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return new Result(process.ExitCode, output.ToString(), standardOutput.ToString());
    }

    private static async Task Pump(StreamReader reader, StringBuilder output, StringBuilder? alone)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            alone?.AppendLine(line);
        }
    }
}
