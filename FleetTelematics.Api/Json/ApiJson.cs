using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetTelematics.Api.Json;

/// <summary>The wire format of the earlier Python backend: snake_case names and enum values, nulls written.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // A typo in a write body must not silently do nothing.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"city":"A","city":"B"} has no single meaning (parsers disagree on which wins): refuse it instead of guessing.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeConverter());
        return options;
    }
}
