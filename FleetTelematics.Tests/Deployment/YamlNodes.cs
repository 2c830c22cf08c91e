namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// Typed access to YamlDotNet's untyped object graph, failing with the key's name when the shape is not the
/// one expected — a clearer failure than an <see cref="InvalidCastException"/>.
/// </summary>
public static class YamlNodes
{
    public static IDictionary<object, object> Map(this IDictionary<object, object> map, string key) =>
        Child(map, key) as IDictionary<object, object> ?? throw Unexpected(key, "a mapping");

    public static IList<object> List(this IDictionary<object, object> map, string key) =>
        Child(map, key) as IList<object> ?? throw Unexpected(key, "a list");

    /// <summary>The scalar under <paramref name="key"/>, or null when the key is absent or empty.</summary>
    public static string? Text(this IDictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) ? value as string : null;

    public static IReadOnlyList<string> Texts(this IEnumerable<object> list) =>
        list.Select(item => item as string ?? throw new InvalidDataException($"Expected a scalar, found {item}.")).ToList();

    private static object Child(IDictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is not null
            ? value
            : throw new InvalidDataException($"Key '{key}' is missing; keys present: {string.Join(", ", map.Keys)}.");

    private static InvalidDataException Unexpected(string key, string expected) =>
        new($"Key '{key}' does not hold {expected}.");
}
