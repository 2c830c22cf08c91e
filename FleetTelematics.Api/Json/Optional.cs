namespace FleetTelematics.Api.Json;

/// <summary>
/// A request field the client may leave out. In a merge-patch (RFC 7396) a missing field leaves the value alone
/// while null clears it, so the two stay apart: <see cref="OptionalJsonConverterFactory"/> reads a field that is
/// present, null included, as <see cref="HasValue"/>; a missing field never reaches it and stays <see cref="Absent"/>.
/// </summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static Optional<T> Absent => default;

    public static implicit operator Optional<T>(T value) => new(true, value);
}
