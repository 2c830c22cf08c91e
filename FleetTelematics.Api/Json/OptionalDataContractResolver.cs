using System.Reflection;
using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.Json;

/// <summary>
/// Tells Swashbuckle what <see cref="OptionalJsonConverterFactory"/> tells System.Text.Json: an
/// <see cref="Optional{T}"/> property is a <c>T</c> on the wire, nullable when <c>T</c> is, rather than
/// an object with <c>has_value</c> and <c>value</c>. Everything else is the default contract.
/// </summary>
internal sealed class OptionalDataContractResolver(
    IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json, IOptions<SchemaGeneratorOptions> schemas) : ISerializerDataContractResolver
{
    private readonly JsonSerializerDataContractResolver _inner = new(json.Value.JsonSerializerOptions, schemas.Value);
    private readonly NullabilityInfoContext _nullability = new();

    public DataContract GetDataContractForType(Type type)
    {
        if (ValueTypeOf(type) is { } valueType)
        {
            return _inner.GetDataContractForType(valueType);
        }

        var contract = _inner.GetDataContractForType(type);
        if (contract.ObjectProperties?.Any(property => ValueTypeOf(property.MemberType) is not null) != true)
        {
            return contract;
        }

        return DataContract.ForObject(
            contract.UnderlyingType,
            contract.ObjectProperties.Select(Unwrap),
            contract.ObjectExtensionDataType,
            contract.ObjectTypeNameProperty,
            contract.ObjectTypeNameValue,
            contract.JsonConverter);
    }

    private DataProperty Unwrap(DataProperty property)
    {
        if (ValueTypeOf(property.MemberType) is not { } valueType)
        {
            return property;
        }

        // Optional<string?> is nullable, Optional<string> is not: the annotation sits on the type argument.
        var nullable = Nullable.GetUnderlyingType(valueType) is not null
            || (!valueType.IsValueType && property.MemberInfo is PropertyInfo info
                && _nullability.Create(info).GenericTypeArguments[0].ReadState != NullabilityState.NotNull);
        return new DataProperty(property.Name, valueType, property.IsRequired, nullable, property.IsReadOnly, property.IsWriteOnly,
            property.MemberInfo);
    }

    private static Type? ValueTypeOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>) ? type.GetGenericArguments()[0] : null;
}
