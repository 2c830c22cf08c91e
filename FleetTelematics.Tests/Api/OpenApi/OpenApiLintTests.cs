using System.Net;
using System.Text.Json.Nodes;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>The served document passes Redocly's recommended rules with no error and no warning.</summary>
public sealed class OpenApiLintTests : ApiTestFixture
{
    private string _directory = null!;
    private JsonNode _document = null!;

    [OneTimeSetUp]
    public async Task LoadDocument()
    {
        using var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        _directory = Directory.CreateTempSubdirectory("fleet-lint-").FullName;
    }

    [OneTimeTearDown]
    public void RemoveFiles() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Lint_ServedDocument_NoErrorsNoWarnings()
    {
        var (totals, result) = await LintAsync(_document);

        totals.Should().Be((0, 0), "{0}", result);
    }

    [Test]
    public async Task Lint_DocumentWithoutServers_ReportsTheError()
    {
        // The linter really runs the recommended rules: the first complaint comes back when servers go.
        var broken = _document.DeepClone();
        broken.AsObject().Remove("servers");

        var (totals, result) = await LintAsync(broken);

        totals.Errors.Should().BeGreaterThan(0, "{0}", result);
        result.Output.Should().Contain("no-empty-servers");
    }

    private async Task<((int Errors, int Warnings) Totals, NodeTools.Result Result)> LintAsync(JsonNode document)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document.ToJsonString());
        var config = Path.Combine(NodeTools.ClientDirectory, "redocly.yaml");
        var result = await NodeTools.ToolAsync("redocly", _directory, "lint", path, "--config", config, "--format", "json");
        JsonNode totals;
        try
        {
            totals = JsonNode.Parse(result.StandardOutput)!["totals"]!;
        }
        catch (System.Text.Json.JsonException)
        {
            throw new AssertionException($"redocly printed no JSON report: {result}");
        }

        return ((totals["errors"]!.GetValue<int>(), totals["warnings"]!.GetValue<int>()), result);
    }
}
