using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using FleetTelematics.Api.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Makes <c>required</c> and nullability of every object schema follow the wire, read from System.Text.Json's own
/// contract for the type (the metadata that writes the bodies), not from guesses about C#:
/// <list type="bullet">
/// <item>A <b>response</b> type's properties are all required: <see cref="ApiJson"/> writes nulls and ignores nothing,
/// so every property is always sent. Each is nullable exactly when its C# type is annotated nullable.</item>
/// <item>A <b>request</b> type's property is required when the client must send it (<c>[Required]</c>, or
/// <see cref="RequiredInRequestAttribute"/> where the action validates it itself), and nullable when its C# type is
/// annotated nullable and it is not required.</item>
/// </list>
/// A nullable reference to another schema becomes <c>oneOf: [$ref, null]</c>, so a generated client must handle
/// the null. A type used both ways has no single answer and stops the document.
/// </summary>
internal sealed class WireContractDocumentFilter(IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json) : IDocumentFilter
{
    // The options MVC writes response bodies with (ApiJson.Configure made them); a resolver makes them readable here
    // even before the first request has used them.
    private readonly JsonSerializerOptions _wire = new(json.Value.JsonSerializerOptions)
    {
        TypeInfoResolver = json.Value.JsonSerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(),
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var descriptions = context.ApiDescriptions.ToList();
        var responses = Closure(descriptions.SelectMany(d => d.SupportedResponseTypes).Select(r => r.Type));
        var requests = Closure(descriptions.SelectMany(RequestTypes));
        if (responses.Intersect(requests).FirstOrDefault() is { } both)
        {
            throw new InvalidOperationException(
                $"{both.Name} is both a request and a response body: its required fields differ, so give each side its own type.");
        }

        foreach (var (type, isResponse) in responses.Select(t => (t, true)).Concat(requests.Select(t => (t, false))))
        {
            if (context.SchemaRepository.TryLookupByType(type, out var reference)
                && document.Components?.Schemas is { } schemas
                && schemas.TryGetValue(reference.Reference.Id!, out var found) && found is OpenApiSchema schema
                && schema.Properties is { Count: > 0 })
            {
                Apply(schema, _wire.GetTypeInfo(type), isResponse);
            }
        }
    }

    private static void Apply(OpenApiSchema schema, JsonTypeInfo contract, bool isResponse)
    {
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in contract.Properties)
        {
            if (!schema.Properties!.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }

            var member = property.AttributeProvider as MemberInfo;
            bool isRequired;
            bool isNullable;
            if (isResponse)
            {
                // ShouldSerialize is set only for JsonIgnoreCondition.WhenWritingNull/Default: then the field may be absent.
                isRequired = property.Get is not null && property.ShouldSerialize is null;
                isNullable = property.IsGetNullable;
            }
            else
            {
                isRequired = property.IsRequired || member?.GetCustomAttribute<RequiredAttribute>() is not null
                    || member?.GetCustomAttributes<RequiredInRequestAttribute>().Any(a => a.OnlyIn is null || a.OnlyIn == contract.Type) == true;
                isNullable = (property.IsSetNullable || member?.GetCustomAttribute<AcceptsNullAttribute>() is not null) && !isRequired;
            }

            if (isRequired)
            {
                required.Add(property.Name);
            }

            propertySchema = WithNullability(propertySchema, isNullable);
            if (member?.GetCustomAttribute<WireValuesAttribute>() is { } values && propertySchema is OpenApiSchema inline)
            {
                inline.Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))];
            }

            schema.Properties[property.Name] = propertySchema;
        }

        schema.Required = required;
    }

    /// <summary>The property's schema with <c>null</c> allowed or refused, whatever Swashbuckle inferred.</summary>
    internal static IOpenApiSchema WithNullability(IOpenApiSchema schema, bool nullable)
    {
        switch (schema)
        {
            case OpenApiSchemaReference reference when nullable:
                // A $ref cannot carry "null" itself: offer the referenced schema or null, keeping the description outside.
                var description = reference.Description;
                reference.Description = null;
                return new OpenApiSchema { Description = description, OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
            case OpenApiSchema { Type: { } type } inline:
                inline.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
                return inline;
            case OpenApiSchema { AllOf: [OpenApiSchemaReference only] } wrapper when !nullable:
                only.Description ??= wrapper.Description;
                return only;
            default:
                return schema;
        }
    }

    private static IEnumerable<Type> RequestTypes(ApiDescription description) =>
        description.ParameterDescriptions
            .Where(p => p.Source == BindingSource.Body && p.Type is not null)
            .Select(p => p.Type)
            .Concat((description.ActionDescriptor.EndpointMetadata ?? []).OfType<RequestBodySchemaAttribute>().Select(a => a.SchemaType));

    /// <summary>The object types among the roots and reachable from them through properties and collection elements.</summary>
    private HashSet<Type> Closure(IEnumerable<Type?> roots)
    {
        var seen = new HashSet<Type>();
        var objects = new HashSet<Type>();
        var pending = new Stack<Type>(roots.OfType<Type>());
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(void) || type.FullName?.StartsWith("System.Text.Json", StringComparison.Ordinal) == true || !seen.Add(type))
            {
                continue;
            }

            var contract = _wire.GetTypeInfo(type);
            if (contract.ElementType is { } element)
            {
                // Collections and dictionaries: their elements (a dictionary's values) are what carries fields.
                pending.Push(element);
            }

            if (contract.Kind == JsonTypeInfoKind.Object)
            {
                objects.Add(type);
                foreach (var property in contract.Properties)
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return objects;
    }
}
