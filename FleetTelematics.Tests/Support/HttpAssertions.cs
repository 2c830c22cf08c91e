using System.Net;
using System.Text.Json;

namespace FleetTelematics.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Asserts the contract's error shape and returns the parsed problem.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement;
        foreach (var member in new[] { "type", "title", "status", "detail", "trace_id" })
        {
            problem.TryGetProperty(member, out _).Should().BeTrue($"a problem has '{member}': {body}");
        }

        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        body.Should().NotContainAny("   at ", "Npgsql", "Host=", "SELECT ");
        return problem;
    }

    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"errors names '{field}': {problem}");
        return problem;
    }
}
