using FleetTelematics.Domain.Common;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Domain;

[Category(TestKinds.Unit)]
public sealed class EntityCodeTests
{
    [TestCase(1, "DRV-0001")]
    [TestCase(42, "DRV-0042")]
    [TestCase(9999, "DRV-9999")]
    [TestCase(12345, "DRV-12345")]
    public void Format_Number_PadsToFourDigits(int number, string expected) =>
        EntityCode.Driver.Format(number).Should().Be(expected);

    [TestCase("DRV-0001", 1)]
    [TestCase("DRV-12345", 12345)]
    [TestCase("VEH-0007", -1)]
    [TestCase("DRV-001", -1)]
    [TestCase("drv-0001", -1)]
    [TestCase("DRV-00a1", -1)]
    [TestCase("DRV-0000", -1)]
    [TestCase("DRV-00001", -1)]
    [TestCase("DRV-", -1)]
    [TestCase("", -1)]
    [TestCase("DRV-99999999999", -1)]
    public void TryParse_Text_AcceptsOnlyWellFormedCodes(string text, int expected)
    {
        var parsed = EntityCode.Driver.TryParse(text, out var number);

        parsed.Should().Be(expected > 0);
        if (parsed)
        {
            number.Should().Be(expected);
        }
    }

    [Test]
    public void Vehicle_FormatThenParse_RoundTrips()
    {
        var code = EntityCode.Vehicle.Format(77);

        EntityCode.Vehicle.TryParse(code, out var number).Should().BeTrue();
        (code, number).Should().Be(("VEH-0077", 77));
    }
}
