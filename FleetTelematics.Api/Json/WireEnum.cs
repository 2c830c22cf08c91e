namespace FleetTelematics.Api.Json;

/// <summary>Strict parsing of enum values by their snake_case wire names (no numbers, no other casing).</summary>
public static class WireEnum
{
    /// <summary>The wire name of <paramref name="value"/>, as the JSON enum converter writes it (<c>harsh_braking</c>).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => ApiJson.WireName(value.ToString());

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Describe<TEnum>(string field) where TEnum : struct, Enum => Describe(typeof(TEnum), field);

    public static string Describe(Type enumType, string field) =>
        $"{field} must be one of: {string.Join(", ", Enum.GetNames(enumType).Select(ApiJson.WireName))}.";
}
