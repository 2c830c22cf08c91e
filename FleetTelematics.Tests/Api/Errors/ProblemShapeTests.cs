using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Errors;

public sealed class ProblemShapeTests : ApiTestFixture
{
    [Test]
    public async Task UnknownRoute_NotFoundProblem()
    {
        using var response = await Admin.GetAsync("/api/v1/admin/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WrongMethod_MethodNotAllowedProblem()
    {
        using var response = await Admin.PutAsync("/api/v1/admin/dashboard/stats", new StringContent("{}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task HealthLive_Anonymous_Healthy()
    {
        using var response = await Anonymous.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(response)).GetProperty("status").GetString().Should().Be("Healthy");
    }
}
