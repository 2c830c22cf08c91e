using System.Text.Json;
using System.Text.Json.Serialization;
using FleetTelematics.Domain.Common;

namespace FleetTelematics.Api.Json;

/// <summary>
/// Reads and writes <see cref="Optional{T}"/> as the bare <c>T</c> it holds. A field that is present is
/// <see cref="Optional{T}.HasValue"/>, null included; a field that is missing is never read and stays
/// <see cref="Optional{T}.Absent"/>. A value of the wrong JSON kind is a <see cref="JsonFieldException"/>
/// (<c>city must be a string.</c>), like the messages of the rules that check the values afterwards.
/// </summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(
            typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]), options)!;

    private static readonly HashSet<Type> Numbers = [typeof(decimal), typeof(double), typeof(float), typeof(long), typeof(int), typeof(short)];

    /// <summary>What a client is told about a value of <paramref name="type"/> that would not read from a <paramref name="token"/>.</summary>
    private static Func<string, string> Expectation(Type type, JsonTokenType token) => type switch
    {
        // A string that fails to read as a string escapes a lone surrogate ("\ud800"): JSON, but no text.
        _ when type == typeof(string) && token == JsonTokenType.String => TextRules.Describe,
        _ when type == typeof(string) => field => $"{field} must be a string.",
        { IsEnum: true } => field => WireEnum.Describe(type, field),
        _ when Numbers.Contains(type) && token == JsonTokenType.Number => field => $"{field} is out of range.",
        _ when Numbers.Contains(type) => field => $"{field} must be a number.",
        _ => field => $"{field} does not have the expected JSON type.",
    };

    private sealed class OptionalConverter<T>(JsonSerializerOptions options) : JsonConverter<Optional<T>>
    {
        private static readonly Type ValueType = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        private readonly JsonConverter<T> _value = (JsonConverter<T>)options.GetConverter(typeof(T));

        /// <summary>Null is a value here ("clear it"), so the converter must see it rather than be skipped.</summary>
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return new Optional<T>(true, default!);
            }

            var token = reader.TokenType;
            try
            {
                return new Optional<T>(true, _value.Read(ref reader, typeof(T), options)!);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException)
            {
                throw new JsonFieldException(Expectation(ValueType, token), ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value is { HasValue: true, Value: { } present })
            {
                _value.Write(writer, present, options);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
