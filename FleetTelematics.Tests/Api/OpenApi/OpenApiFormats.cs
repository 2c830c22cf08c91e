using System.Text.Json;
using Json.Schema;

namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>
/// The formats the document uses, all checked: JSON Schema's <c>date</c> and <c>date-time</c>, and OpenAPI's numeric
/// formats, which JSON Schema does not know. A format missing here fails validation instead of passing unchecked.
/// </summary>
public static class OpenApiFormats
{
    public static FormatRegistry Registry { get; } = Create();

    private static FormatRegistry Create()
    {
        var registry = new FormatRegistry();
        registry.Register(Formats.Date);
        registry.Register(Formats.DateTime);
        registry.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        registry.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
        registry.Register(new PredicateFormat("double", e => e.ValueKind != JsonValueKind.Number || double.IsFinite(e.GetDouble())));
        return registry;
    }
}
