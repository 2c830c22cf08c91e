using System.Text.RegularExpressions;

namespace FleetTelematics.Tests.Deployment;

public sealed class DockerignoreTests
{
    private readonly IReadOnlyList<string> patterns = File.ReadAllLines(DeploymentFiles.PathOf(".dockerignore"))
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .ToList();

    [TestCase("FleetTelematics.Api/bin/Release/net10.0/FleetTelematics.Api.dll")]
    [TestCase("FleetTelematics.Infrastructure/obj/project.assets.json")]
    [TestCase(".data/postgres/PG_VERSION")]
    [TestCase(".git/HEAD")]
    [TestCase("FleetTelematics.Tests/TestResults/results.trx")]
    public void HostOnlyFiles_BuildContext_AreExcluded(string path) =>
        IsIgnored(path).Should().BeTrue();

    [Test]
    public void DockerfileCopySources_BuildContext_AreNotExcluded()
    {
        var sources = DockerfileInstruction.Parse(File.ReadAllText(DeploymentFiles.PathOf("Dockerfile")))
            .Where(instruction => instruction.Keyword == "COPY" && !instruction.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(instruction => instruction.Words.SkipLast(1))
            .ToList();

        sources.Should().NotBeEmpty();
        sources.Should().NotContain(source => IsIgnored(source.TrimEnd('/')));
    }

    // Enough of Docker's matching for these patterns: '**' spans directories, '*' does not, and a pattern that
    // matches a directory excludes everything under it. Negations ('!') are not used in our file.
    private bool IsIgnored(string path)
    {
        var segments = path.Split('/');
        var prefixes = Enumerable.Range(1, segments.Length).Select(count => string.Join('/', segments.Take(count)));
        return prefixes.Any(prefix => patterns.Any(pattern => ToRegex(pattern).IsMatch(prefix)));
    }

    private static Regex ToRegex(string pattern)
    {
        var body = Regex.Escape(pattern.TrimEnd('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{body}$");
    }
}
