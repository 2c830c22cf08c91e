using FleetTelematics.Domain.Common;

namespace FleetTelematics.Api.Json;

/// <summary>Strict parsing of enum values by their snake_case wire names (no numbers, no other casing).</summary>
public static class WireEnum
{
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(SnakeCase.Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Describe<TEnum>(string field) where TEnum : struct, Enum =>
        $"{field} must be one of: {string.Join(", ", Enum.GetValues<TEnum>().Select(v => SnakeCase.Of(v)))}.";
}
