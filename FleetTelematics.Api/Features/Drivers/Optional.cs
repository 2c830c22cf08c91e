namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A value that may be absent — in a merge-patch, "absent" and "null" mean different things.</summary>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static Optional<T> Absent => default;

    public static implicit operator Optional<T>(T value) => new(true, value);
}
