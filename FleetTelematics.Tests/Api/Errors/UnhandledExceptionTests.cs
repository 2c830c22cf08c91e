using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Errors;

/// <summary>An unexpected exception becomes a 500 problem that names nothing internal.</summary>
public sealed class UnhandledExceptionTests : CachingTestFixture
{
    [Test]
    public async Task ActionThrows_ProblemWithoutInternals()
    {
        using var response = await Anonymous.GetAsync("/test/probe/boom");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        problem.ToString().Should().NotContainAny("hunter2", "db.internal", "InvalidOperationException", "users");
    }
}
