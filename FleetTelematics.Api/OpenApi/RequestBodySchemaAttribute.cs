namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents the body of an action that reads it as raw JSON (merge-patch), so the OpenAPI document still shows
/// its fields.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequestBodySchemaAttribute(Type schemaType, params string[] contentTypes) : Attribute
{
    public Type SchemaType { get; } = schemaType;

    public IReadOnlyList<string> ContentTypes { get; } = contentTypes;
}
