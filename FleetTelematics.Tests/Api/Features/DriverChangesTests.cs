using System.Text.Json;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>The one set of driver rules, fed the bodies as the API binds them, without a host or a database.</summary>
[Category(TestKinds.Unit)]
public sealed class DriverChangesTests
{
    private const string NewDriver = """{"name":"Ana","email":"ana@fleet.example","phone":"123","license_number":"L-1","city":"Austin"}""";

    [Test]
    public void ApplyTo_CreateWithNullStatusAndVehicle_ActiveWithoutVehicle()
    {
        var request = Read<DriverCreateRequest>(NewDriver.Replace("}", ""","status":null,"vehicle_id":null}""", StringComparison.Ordinal));
        var driver = Blank();

        request.Validate(isCreate: true).Should().BeEmpty();
        request.ApplyTo(driver);

        driver.Status.Should().Be(DriverStatus.Active);
        driver.VehicleId.Should().BeNull();
        driver.Name.Should().Be("Ana");
    }

    [Test]
    public void Validate_CreateWithNullName_NameIsRequired() =>
        Read<DriverCreateRequest>(NewDriver.Replace("\"Ana\"", "null", StringComparison.Ordinal)).Validate(isCreate: true)
            .Should().BeEquivalentTo(new Dictionary<string, string[]> { ["name"] = ["name is required."] });

    [TestCase("""{"name":null}""", "name", "name cannot be null.")]
    [TestCase("""{"status":null}""", "status", "status cannot be null.")]
    [TestCase("""{"risk_score":null}""", "risk_score", "risk_score must be a number from 0 to 100 with at most one decimal.")]
    [TestCase("""{"license_number":" "}""", "license_number", "license_number cannot be empty.")]
    public void Validate_PatchWithBadValue_KeyedByWireName(string json, string field, string message) =>
        Read<DriverPatchRequest>(json).Validate(isCreate: false)
            .Should().BeEquivalentTo(new Dictionary<string, string[]> { [field] = [message] });

    [Test]
    public void ApplyTo_PatchVehicleNull_UnassignsAndLeavesTheRest()
    {
        var driver = Blank();

        Read<DriverPatchRequest>("""{"vehicle_id":null,"risk_score":82.5}""").ApplyTo(driver);

        driver.VehicleId.Should().BeNull();
        driver.RiskScore.Should().Be(82.5m);
        driver.City.Should().Be("Porto");
    }

    [Test]
    public void ApplyTo_PatchWithoutVehicle_KeepsTheVehicle()
    {
        var driver = Blank();

        Read<DriverPatchRequest>("""{"city":"Lisbon"}""").ApplyTo(driver);

        driver.VehicleId.Should().Be(7);
        driver.City.Should().Be("Lisbon");
    }

    [TestCase("""{"risk_score":50}""")]
    [TestCase("""{"driver_id":"DRV-0001"}""")]
    [TestCase("""{"vehicle_number":7}""")]
    public void Deserialize_CreateWithFieldItDoesNotTake_Refused(string json)
    {
        var read = () => Read<DriverCreateRequest>(json);

        read.Should().Throw<JsonException>();
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, ApiJson.Options)!;

    private static Driver Blank() => new()
    {
        Name = "Old", Email = "old@fleet.example", Phone = "1", LicenseNumber = "L-0", City = "Porto", VehicleId = 7, RiskScore = 10,
    };
}
