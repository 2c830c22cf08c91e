using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Drivers;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Json;

[Category(TestKinds.Unit)]
public sealed class OptionalDataContractResolverTests
{
    [Test]
    public void GenerateSchema_OptionalProperties_AreTheirValueTypesWithTheirNullability()
    {
        var repository = new SchemaRepository();

        Generator().GenerateSchema(typeof(Body), repository);

        var properties = repository.Schemas[nameof(Body)].Properties!;
        properties.Keys.Should().Equal("city", "name", "status", "risk_score");
        properties["city"].Type.Should().Be(JsonSchemaType.String | JsonSchemaType.Null);
        properties["name"].Type.Should().Be(JsonSchemaType.String);
        properties["status"].Should().BeOfType<OpenApiSchemaReference>();
        properties["risk_score"].Type.Should().Be(JsonSchemaType.Number | JsonSchemaType.Null);
        repository.Schemas.Keys.Should().BeEquivalentTo(nameof(Body), nameof(DriverStatus));
    }

    private static SchemaGenerator Generator()
    {
        var options = new SchemaGeneratorOptions { SupportNonNullableReferenceTypes = true };
        var json = new Microsoft.AspNetCore.Mvc.JsonOptions();
        ApiJson.Configure(json.JsonSerializerOptions);
        return new SchemaGenerator(options, new OptionalDataContractResolver(Options.Create(json), Options.Create(options)));
    }

    private sealed record Body
    {
        public Optional<string?> City { get; init; }

        public Optional<string> Name { get; init; }

        public Optional<DriverStatus?> Status { get; init; }

        public Optional<decimal?> RiskScore { get; init; }
    }
}
