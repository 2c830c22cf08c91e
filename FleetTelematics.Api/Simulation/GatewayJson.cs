using System.Text.Json;

namespace FleetTelematics.Api.Simulation;

/// <summary>The wire's JSON conventions, as a client writes and reads them: snake_case names, nulls written.</summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
