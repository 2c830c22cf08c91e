using System.Net;
using System.Text.Json.Nodes;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Clients;

/// <summary>
/// The typed TypeScript client in clients/typescript: generated from the document the API serves (and failing here
/// while the committed copy is out of date), type-checked in strict mode, and run against a live API.
/// </summary>
public sealed class TypeScriptClientTests : ApiTestFixture
{
    private const string Regenerate = "run clients/typescript/generate.sh and commit openapi.json and src/schema.d.ts";
    private string _scratch = null!;
    private JsonNode _served = null!;

    [OneTimeSetUp]
    public async Task LoadServedDocument()
    {
        using var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        _scratch = Directory.CreateTempSubdirectory("fleet-ts-").FullName;
    }

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void CommittedDocument_SameAsServed()
    {
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(NodeTools.ClientDirectory, "openapi.json")));

        JsonNode.DeepEquals(committed, _served).Should().BeTrue($"clients/typescript/openapi.json is out of date: {Regenerate}");
    }

    [Test]
    public async Task CommittedTypes_SameAsGeneratedFromServedDocument()
    {
        var generated = await GenerateTypesAsync(_served);

        (await File.ReadAllTextAsync(Path.Combine(NodeTools.ClientDirectory, "src", "schema.d.ts")))
            .Should().Be(generated, $"src/schema.d.ts is out of date: {Regenerate}");
    }

    [Test]
    public async Task StrictTypeCheck_CommittedClient_Passes()
    {
        var result = await NodeTools.ToolAsync("tsc", NodeTools.ClientDirectory, "--noEmit", "-p", "tsconfig.json");

        result.ExitCode.Should().Be(0, "{0}", result);
    }

    [Test]
    public async Task StrictTypeCheck_VehicleDocumentedNonNullable_CompilerRefuses()
    {
        // strict-check.ts proves a null vehicle must be handled: with the null taken out of the document, its
        // @ts-expect-error becomes unused and the build fails. So the passing check above means something.
        var broken = _served.DeepClone();
        broken["components"]!["schemas"]!["DriverDetailsResponse"]!["properties"]!["vehicle"] =
            JsonNode.Parse("""{"$ref":"#/components/schemas/VehicleResponse"}""");
        var project = CopyProject("non-nullable-vehicle");
        await File.WriteAllTextAsync(Path.Combine(project, "src", "schema.d.ts"), await GenerateTypesAsync(broken));

        var result = await NodeTools.ToolAsync("tsc", project, "--noEmit", "-p", "tsconfig.json");

        result.ExitCode.Should().NotBe(0, "{0}", result);
        result.Output.Should().Contain("strict-check.ts").And.Contain("TS2578", "the directive expecting an error is unused");
    }

    [Test]
    public async Task Flow_AgainstLiveApi_Passes()
    {
        await using var api = KestrelApiHost.Start(await TestDatabases.CreateFromTemplateAsync("tsclient"));
        // Into the package's own dist/ (git-ignored): Node resolves openapi-fetch and "type": "module" from there.
        var build = await NodeTools.ToolAsync("tsc", NodeTools.ClientDirectory, "-p", "tsconfig.json");
        build.ExitCode.Should().Be(0, "{0}", build);

        var flow = await NodeTools.NodeAsync(NodeTools.ClientDirectory, Path.Combine("dist", "flow.js"),
            api.BaseAddress.ToString().TrimEnd('/'));

        flow.ExitCode.Should().Be(0, "{0}", flow);
        flow.Output.Should().Contain("flow passed");
    }

    private async Task<string> GenerateTypesAsync(JsonNode document)
    {
        var name = Guid.NewGuid().ToString("N");
        var input = Path.Combine(_scratch, $"{name}.json");
        var output = Path.Combine(_scratch, $"{name}.d.ts");
        await File.WriteAllTextAsync(input, document.ToJsonString());
        var result = await NodeTools.ToolAsync("openapi-typescript", _scratch, input, "--output", output);
        result.ExitCode.Should().Be(0, "{0}", result);
        return await File.ReadAllTextAsync(output);
    }

    /// <summary>The client's sources and configuration in a scratch directory, resolving packages from the real node_modules.</summary>
    private string CopyProject(string name)
    {
        var project = Path.Combine(_scratch, name);
        Directory.CreateDirectory(Path.Combine(project, "src"));
        foreach (var file in Directory.GetFiles(Path.Combine(NodeTools.ClientDirectory, "src")))
        {
            File.Copy(file, Path.Combine(project, "src", Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(NodeTools.ClientDirectory, "tsconfig.json"), Path.Combine(project, "tsconfig.json"));
        Directory.CreateSymbolicLink(Path.Combine(project, "node_modules"), Path.Combine(NodeTools.ClientDirectory, "node_modules"));
        return project;
    }
}
