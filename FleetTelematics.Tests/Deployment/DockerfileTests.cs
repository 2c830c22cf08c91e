namespace FleetTelematics.Tests.Deployment;

public sealed class DockerfileTests
{
    private readonly IReadOnlyList<DockerfileInstruction> instructions =
        DockerfileInstruction.Parse(File.ReadAllText(DeploymentFiles.PathOf("Dockerfile")));

    private List<DockerfileInstruction> RuntimeStage =>
        instructions.Where(instruction => instruction.Stage == 2).ToList();

    [Test]
    public void Stages_BuildAndRuntime_UseDotnet10Images() =>
        instructions.Where(instruction => instruction.Keyword == "FROM").Select(instruction => instruction.Arguments)
            .Should().Equal("mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime");

    [Test]
    public void Restore_BeforeSources_CopiesOnlyProjectAndPropsFiles()
    {
        var buildStage = instructions.Where(instruction => instruction.Stage == 1).ToList();
        var restore = buildStage.FindIndex(instruction => instruction.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));

        restore.Should().BePositive("the restore layer must come before the sources are copied");
        buildStage.Take(restore).Where(instruction => instruction.Keyword == "COPY")
            .SelectMany(instruction => instruction.Words.SkipLast(1))
            .Should().NotBeEmpty()
            .And.OnlyContain(source => source.EndsWith(".csproj") || source.EndsWith(".props"));
        buildStage.Skip(restore).Should().Contain(instruction =>
            instruction.Arguments.StartsWith("dotnet publish FleetTelematics.Api -c Release -o /app", StringComparison.Ordinal));
    }

    [Test]
    public void CopySources_FromBuildContext_ExistInRepository()
    {
        var sources = instructions
            .Where(instruction => instruction.Keyword == "COPY" && !instruction.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(instruction => instruction.Words.SkipLast(1))
            .ToList();

        sources.Should().NotBeEmpty();
        sources.Should().OnlyContain(source => Path.Exists(DeploymentFiles.PathOf(source)));
    }

    [Test]
    public void RuntimeUser_Final_IsNotRoot()
    {
        var user = RuntimeStage.Last(instruction => instruction.Keyword == "USER").Arguments;

        new[] { "root", "0", "0:0" }.Should().NotContain(user);
        RuntimeStage.FindLastIndex(instruction => instruction.Keyword == "USER")
            .Should().BeGreaterThan(RuntimeStage.FindLastIndex(instruction => instruction.Keyword == "RUN"),
                "package installation needs root, running the API must not");
    }

    [Test]
    public void RuntimePort_8080_IsExposedAndListenedOn()
    {
        RuntimeStage.Should().Contain(instruction => instruction.Keyword == "EXPOSE" && instruction.Arguments == "8080");
        RuntimeStage.Should().Contain(instruction => instruction.Keyword == "ENV" && instruction.Arguments == "ASPNETCORE_URLS=http://+:8080");
    }

    [Test]
    public void Entrypoint_PublishedProject_RunsItsAssembly()
    {
        RuntimeStage.Single(instruction => instruction.Keyword == "ENTRYPOINT").Arguments
            .Should().Be("""["dotnet", "FleetTelematics.Api.dll"]""");
        File.ReadAllText(DeploymentFiles.PathOf("FleetTelematics.Api/FleetTelematics.Api.csproj"))
            .Should().NotContain("<AssemblyName>", "the entry point names the default assembly");
    }

    [Test]
    public void RuntimeStage_ComposeHealthcheckTool_IsInstalled()
    {
        var tool = DeploymentFiles.Compose().Service("api").Map("healthcheck").List("test").Texts()[1];

        RuntimeStage.Should().Contain(instruction =>
            instruction.Keyword == "RUN" && instruction.Arguments.Contains($"apt-get install -y --no-install-recommends {tool}"));
    }
}
