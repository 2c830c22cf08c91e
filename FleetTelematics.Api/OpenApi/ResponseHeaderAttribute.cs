namespace FleetTelematics.Api.OpenApi;

/// <summary>Documents a header that an action's response with <see cref="StatusCode"/> carries.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ResponseHeaderAttribute(int statusCode, string name, string description) : Attribute
{
    public int StatusCode { get; } = statusCode;

    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>True when every such response carries the header (false: only some, such as <c>Link</c> on a last page).</summary>
    public bool Required { get; init; } = true;

    /// <summary>An integer (<c>X-Total-Count</c>, <c>Retry-After</c>) rather than a string.</summary>
    public bool IsInteger { get; init; }
}
