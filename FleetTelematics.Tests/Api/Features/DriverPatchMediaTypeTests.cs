using System.Net;
using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>PATCH binds the same typed body from either JSON media type, and a field left out stays as it was.</summary>
public sealed class DriverPatchMediaTypeTests : ApiTestFixture
{
    [TestCase("application/merge-patch+json", 0)]
    [TestCase("application/json", 1)]
    public async Task Patch_EitherMediaType_ChangesTheGivenFieldAndLeavesTheVehicle(string mediaType, int driver)
    {
        var code = await ScalarAsync<string>(
            "SELECT public_id FROM drivers WHERE vehicle_id IS NOT NULL AND archived_at IS NULL ORDER BY id OFFSET $1 LIMIT 1", driver);
        var vehicle = await ScalarAsync<int>("SELECT vehicle_id FROM drivers WHERE public_id = $1", code);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/drivers/{code}")
        {
            Content = new StringContent("""{"city":"Lisbon"}""", Encoding.UTF8, mediaType),
        };

        using var response = await Admin.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await JsonAsync(response)).GetProperty("city").GetString().Should().Be("Lisbon");
        (await ScalarAsync<int>("SELECT vehicle_id FROM drivers WHERE public_id = $1", code)).Should().Be(vehicle);
    }
}
