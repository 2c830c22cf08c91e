namespace FleetTelematics.Api.Caching;

/// <summary>
/// Declares which cached responses a successful (2xx) write makes stale. Each pattern is a prefix
/// (<c>drivers_list</c>), a prefix scoped by route values (<c>driver_detail:{driver_id}</c>), or a prefix with a
/// trailing <c>*</c> matching every cached prefix that starts with the text before it (<c>dashboard_*</c>).
/// Patterns are checked at start-up: one that matches no cached prefix stops the process.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class InvalidatesCacheAttribute(params string[] patterns) : Attribute
{
    public IReadOnlyList<string> Patterns { get; } = patterns;
}
