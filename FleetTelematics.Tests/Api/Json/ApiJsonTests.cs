using System.Text.Json;
using FleetTelematics.Api.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Json;

/// <summary>What the wire format escapes: only what JSON or JavaScript needs (ADR-001), nothing a client would have to decode for no reason.</summary>
[Category(TestKinds.Unit)]
public sealed class ApiJsonTests
{
    [TestCase("+1-555-010-2030")]
    [TestCase("Zoë Ångström")]
    [TestCase("Москва")]
    [TestCase("東京")]
    [TestCase("O'Brien <ops> & co")]
    public void Serialize_TextWithoutControlCharacters_WrittenAsIs(string text)
    {
        var json = JsonSerializer.Serialize(text, ApiJson.Options);

        json.Should().Be($"\"{text}\"");
    }

    [TestCase("a\"b", "\"a\\\"b\"")]
    [TestCase("a\\b", "\"a\\\\b\"")]
    [TestCase("line\nbreak\u0001", "\"line\\nbreak\\u0001\"")]
    [TestCase("js\u2028\u2029", "\"js\\u2028\\u2029\"")]
    [TestCase("del\u007F", "\"del\\u007F\"")]
    public void Serialize_CharactersJsonOrJavaScriptCannotCarry_StillEscaped(string text, string expected)
    {
        var json = JsonSerializer.Serialize(text, ApiJson.Options);

        json.Should().Be(expected);
    }

    [Test]
    public void Serialize_DictionaryKeysAndPropertyValues_ShareTheEncoder()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["ciudád"] = ["+ é"] }, ApiJson.Options);

        json.Should().Be("{\"ciudád\":[\"+ é\"]}");
    }
}
