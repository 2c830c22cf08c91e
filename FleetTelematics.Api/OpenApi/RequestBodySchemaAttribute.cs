namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents a request body the action's parameters do not show: a merge-patch read as raw JSON, or a media type
/// served by a twin action hidden from the document (OpenAPI allows one operation per method and path).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequestBodySchemaAttribute(Type schemaType, params string[] contentTypes) : Attribute
{
    public Type SchemaType { get; } = schemaType;

    public IReadOnlyList<string> ContentTypes { get; } = contentTypes;
}
