using System.Diagnostics;

namespace FleetTelematics.Tests.Support;

/// <summary>Runs PostgreSQL's tools for the clusters tests start themselves, as the data directories' owner.</summary>
internal static class PostgresTools
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    // initdb refuses to run as root; the cluster then belongs to the postgres user, as in scripts/services.sh.
    public static readonly bool AsRoot = Environment.UserName == "root";

    public static Task PgToolAsync(string tool, params string[] arguments) => PgToolAsync(ToolTimeout, tool, arguments);

    /// <summary>A tool that may take longer than most: pg_basebackup copies every database of the shared primary.</summary>
    public static Task PgToolAsync(TimeSpan timeout, string tool, params string[] arguments)
    {
        var path = Path.Combine(TestServices.PostgresBinDirectory, tool);
        return AsRoot ? RunAsync(timeout, "runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(timeout, path, arguments);
    }

    public static Task RunAsync(string fileName, params string[] arguments) => RunAsync(ToolTimeout, fileName, arguments);

    private static async Task RunAsync(TimeSpan toolTimeout, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(toolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {toolTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
