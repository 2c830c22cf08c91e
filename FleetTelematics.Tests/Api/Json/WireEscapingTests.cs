using System.Net;
using System.Net.Http.Json;
using System.Text;
using FleetTelematics.Api.Json;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Tests.Api.Json;

/// <summary>Bodies on the wire carry <c>+</c> and letters outside ASCII as they are: drivers, cached lists and problems.</summary>
public sealed class WireEscapingTests : ApiTestFixture
{
    private const string Name = "Zoë Ångström";
    private const string Phone = "+41 44 668 18 00";

    [Test]
    public async Task CreateAndRead_PhoneWithPlusAndAccentedName_BytesHoldThemUnescaped()
    {
        var email = $"zoe.{Guid.NewGuid():N}@fleet.example";
        using var created = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", new
        {
            name = Name,
            email,
            phone = Phone,
            license_number = $"CH-{Guid.NewGuid():N}"[..16],
            city = "Zürich",
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, createdBody);

        using var list = await Viewer.GetAsync($"/api/v1/admin/drivers?search={email}");
        var listBody = Encoding.UTF8.GetString(await list.Content.ReadAsByteArrayAsync());
        list.Headers.GetValues("X-Total-Count").Should().Equal("1");

        foreach (var body in new[] { createdBody, listBody })
        {
            body.Should().Contain($"\"name\":\"{Name}\"").And.Contain($"\"phone\":\"{Phone}\"").And.Contain("\"city\":\"Zürich\"");
            body.Should().NotContain("\\u00");
            body.Should().NotContain("\\u002B");
        }
    }

    [Test]
    public async Task Patch_UnknownAccentedField_ProblemNamesItUnescaped()
    {
        using var response = await Admin.PatchAsync("/api/v1/admin/drivers/DRV-0001",
            new StringContent("""{"ciudád":"Zürich"}""", Encoding.UTF8, "application/merge-patch+json"));

        await response.ShouldBeValidationProblemAsync("ciudád");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"ciudád\":[");
    }

    [Test]
    public void HttpJsonOptions_UsedByProblemsOutsideMvc_ShareTheEncoder()
    {
        var options = Factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;

        options.SerializerOptions.Encoder.Should().BeSameAs(ApiJson.Encoder);
    }
}
