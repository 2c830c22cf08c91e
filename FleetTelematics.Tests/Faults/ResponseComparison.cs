using System.Text.Json.Nodes;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Compares two JSON answers of one URL as data, ignoring <c>generated_at</c> (a cached answer keeps the time it was
/// computed; that is the contract, not staleness). Names the first difference, for the failure message.
/// </summary>
public static class ResponseComparison
{
    public const string ComputedAtMember = "generated_at";

    /// <summary>Null when the two documents hold the same data; otherwise where and how they first differ.</summary>
    public static string? Difference(string expectedJson, string actualJson)
    {
        JsonNode? expected, actual;
        try
        {
            expected = JsonNode.Parse(expectedJson);
            actual = JsonNode.Parse(actualJson);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return $"not JSON: {ex.Message}";
        }

        return Difference("$", expected, actual);
    }

    private static string? Difference(string path, JsonNode? expected, JsonNode? actual)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Where(n => n != ComputedAtMember))
                {
                    if (!e.ContainsKey(name) || !a.ContainsKey(name))
                    {
                        return $"{path}.{name} present in only one";
                    }

                    if (Difference($"{path}.{name}", e[name], a[name]) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path} has {a.Count} items instead of {e.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (Difference($"{path}[{i}]", e[i], a[i]) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{path}: {actual?.ToJsonString() ?? "null"} instead of {expected?.ToJsonString() ?? "null"}";
        }
    }
}
