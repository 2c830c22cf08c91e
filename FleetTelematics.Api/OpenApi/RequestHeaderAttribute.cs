namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents an optional request header an action honours without binding it as a parameter (the ETag headers
/// <c>If-Match</c> and <c>If-None-Match</c> are read from the request where they are compared).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequestHeaderAttribute(string name, string description) : Attribute
{
    public const string IfNoneMatch = "If-None-Match";
    public const string IfMatch = "If-Match";

    public string Name { get; } = name;

    public string Description { get; } = description;
}
