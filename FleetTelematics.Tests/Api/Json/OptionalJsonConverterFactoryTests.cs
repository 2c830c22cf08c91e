using System.Text.Json;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Json;

[Category(TestKinds.Unit)]
public sealed class OptionalJsonConverterFactoryTests
{
    [Test]
    public void Deserialize_FieldLeftOut_IsAbsent()
    {
        var body = Read("{}");

        body.City.Should().Be(Optional<string?>.Absent);
        body.Status.HasValue.Should().BeFalse();
        body.RiskScore.HasValue.Should().BeFalse();
    }

    [Test]
    public void Deserialize_FieldNull_IsPresentAndNull()
    {
        var body = Read("""{"city":null,"status":null,"risk_score":null}""");

        body.City.Should().Be(new Optional<string?>(true, null));
        body.Status.Should().Be(new Optional<DriverStatus?>(true, null));
        body.RiskScore.Should().Be(new Optional<decimal?>(true, null));
    }

    [Test]
    public void Deserialize_FieldValue_IsPresentWithTheValue()
    {
        var body = Read("""{"city":"Lisbon","status":"suspended","risk_score":82.5}""");

        body.City.Should().Be(new Optional<string?>(true, "Lisbon"));
        body.Status.Should().Be(new Optional<DriverStatus?>(true, DriverStatus.Suspended));
        body.RiskScore.Should().Be(new Optional<decimal?>(true, 82.5m));
    }

    [TestCase("""{"city":5}""", "$.city", "city must be a string.")]
    [TestCase("""{"city":{}}""", "$.city", "city must be a string.")]
    [TestCase("""{"status":"gone"}""", "$.status", "status must be one of: active, inactive, suspended.")]
    [TestCase("""{"status":1}""", "$.status", "status must be one of: active, inactive, suspended.")]
    [TestCase("""{"risk_score":"50"}""", "$.risk_score", "risk_score must be a number.")]
    [TestCase("""{"risk_score":true}""", "$.risk_score", "risk_score must be a number.")]
    [TestCase("""{"risk_score":1e400}""", "$.risk_score", "risk_score is out of range.")]
    public void Deserialize_WrongJsonType_ThrowsNamingTheFieldAsWritten(string json, string path, string message)
    {
        var read = () => Read(json);

        var thrown = read.Should().Throw<JsonFieldException>().Which;
        thrown.Path.Should().Be(path);
        thrown.Message.Should().Be(message);
    }

    [Test]
    public void Deserialize_LoneSurrogate_ThrowsAsTextThatIsNotClean()
    {
        var read = () => Read("""{"city":"\ud800"}""");

        read.Should().Throw<JsonFieldException>().Which.Message.Should().Be(TextRules.Describe("city"));
    }

    [Test]
    public void Serialize_PresentAndAbsent_WritesTheValueOrNull() =>
        JsonSerializer.Serialize(new Body { City = "Lisbon", Status = DriverStatus.Active }, ApiJson.Options)
            .Should().Be("""{"city":"Lisbon","status":"active","risk_score":null}""");

    private static Body Read(string json) => JsonSerializer.Deserialize<Body>(json, ApiJson.Options)!;

    private sealed record Body
    {
        public Optional<string?> City { get; init; }

        public Optional<DriverStatus?> Status { get; init; }

        public Optional<decimal?> RiskScore { get; init; }
    }
}
