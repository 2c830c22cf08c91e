using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetTelematics.Api.Json;

/// <summary>The wire format of the earlier Python backend: snake_case names and enum values, nulls written.</summary>
public static class ApiJson
{
    /// <summary>The one snake_case rule: property names, enum values and validation keys all follow it.</summary>
    public static JsonNamingPolicy NamingPolicy => JsonNamingPolicy.SnakeCaseLower;

    /// <summary>
    /// Escapes only what JSON needs (quotes, backslashes, control characters) and what breaks JavaScript
    /// (U+2028/U+2029): <c>+</c>, <c>é</c> or <c>東京</c> are written as they are. Safe because every JSON body is
    /// served as <c>application/json</c> or <c>application/problem+json</c> with <c>nosniff</c>, never inside HTML
    /// (docs/decisions/ADR-008-json-escaping.md).
    /// </summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The wire name of a C# member or enum value: <c>LicenseNumber</c> → <c>license_number</c>.</summary>
    public static string WireName(string name) => NamingPolicy.ConvertName(name);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = NamingPolicy;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Encoder = Encoder;
        // A typo in a write body must not silently do nothing.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"city":"A","city":"B"} has no single meaning (parsers disagree on which wins): refuse it instead of guessing.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(NamingPolicy, allowIntegerValues: false));
        options.Converters.Add(new OptionalJsonConverterFactory());
        options.Converters.Add(new UtcDateTimeConverter());
        return options;
    }
}
