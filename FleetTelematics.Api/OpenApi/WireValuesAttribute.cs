using FleetTelematics.Api.Json;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents the only values a string accepts or carries (an <c>enum</c> in the document) where the C# type is a plain
/// string, so that the action can answer a wrong value with its own message.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireValuesAttribute : Attribute
{
    /// <summary>The snake_case wire names of an enum's members.</summary>
    public WireValuesAttribute(Type enumType) =>
        Values = [.. Enum.GetNames(enumType).Select(ApiJson.WireName)];

    public WireValuesAttribute(params string[] values) => Values = values;

    public IReadOnlyList<string> Values { get; }
}
