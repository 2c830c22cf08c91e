namespace FleetTelematics.Api.Json;

/// <summary>Field names from System.Text.Json's paths, which start at the body (<c>$.city</c>).</summary>
public static class JsonPaths
{
    /// <summary>
    /// The field as the client wrote it, relative to the body: <c>$.city</c> → <c>city</c>,
    /// <c>$.trips[0].ended_at</c> → <c>trips[0].ended_at</c>; the body itself stays <c>$</c>.
    /// </summary>
    public static string FieldOf(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path ?? "$";
}
