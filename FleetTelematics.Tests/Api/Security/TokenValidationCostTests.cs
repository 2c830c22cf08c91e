using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// Checking a token against the current users costs a dictionary lookup, not a query: an authenticated cached hit
/// still makes no database round trip at all.
/// </summary>
[NonParallelizable]
public sealed class TokenValidationCostTests : ApiTestFixture
{
    // No refresh may fall inside the measured request.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:UserRefreshInterval"] = "01:00:00" };

    [Test]
    public async Task CachedHit_WithBearerToken_NoDatabaseRoundTrip()
    {
        using var miss = await Viewer.GetAsync("/api/v1/admin/dashboard/stats");
        miss.StatusCode.Should().Be(HttpStatusCode.OK);

        using var counter = new NpgsqlCommandCounter();
        using var hit = await Viewer.GetAsync("/api/v1/admin/dashboard/stats");

        hit.Headers.GetValues("X-Cache").Should().Equal("HIT");
        counter.Count.Should().Be(0);
    }
}
