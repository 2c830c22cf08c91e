using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Faults.Unit;

/// <summary>The write check must catch a lost acknowledged write and an older write landing last, and nothing else.</summary>
[Category(TestKinds.Unit)]
public sealed class WriteCheckTests
{
    private static readonly Dictionary<string, DriverState> Before = new() { ["DRV-0001"] = new("Austin", "10.0") };

    [Test]
    public void Verify_FinalIsLastAcknowledged_Passes()
    {
        var result = WriteCheck.Verify([City("a", 200), City("b", 200)], Before, Final("b"));

        result.Failures.Should().BeEmpty();
        result.Checked.Should().Be(2);
    }

    [Test]
    public void Verify_FinalIsUnacknowledgedWriteSentAfterLastAcknowledged_Passes()
    {
        var result = WriteCheck.Verify([City("a", 200), City("b", 503), City("c", 0)], Before, Final("c"));

        result.Failures.Should().BeEmpty();
        result.Acknowledged.Should().Be(1);
    }

    [Test]
    public void Verify_AcknowledgedWriteLost_Fails()
    {
        var result = WriteCheck.Verify([City("a", 200), City("b", 200)], Before, Final("a"));

        result.Failures.Should().ContainSingle().Which.Should().Contain("'a'").And.Contain("set 'b'");
        result.Checked.Should().Be(0);
    }

    [Test]
    public void Verify_UnacknowledgedWriteSentBeforeLastAcknowledged_Fails()
    {
        var result = WriteCheck.Verify([City("a", 503), City("b", 200)], Before, Final("a"));

        result.Failures.Should().ContainSingle();
    }

    [Test]
    public void Verify_NoAcknowledgedWrite_FinalMayBeTheOldValueOrAnUnacknowledgedOne()
    {
        WriteCheck.Verify([City("a", 503)], Before, Final("Austin")).Failures.Should().BeEmpty();
        WriteCheck.Verify([City("a", 503)], Before, Final("a")).Failures.Should().BeEmpty();
        WriteCheck.Verify([City("a", 503)], Before, Final("Boston")).Failures.Should().ContainSingle();
    }

    [Test]
    public void Verify_FieldsAreCheckedApart_ARiskScoreWriteDoesNotExcuseALostCity()
    {
        var attempts = new[] { City("a", 200), new WriteAttempt(new DriverWrite("DRV-0001", DriverWrite.RiskScore, "55.5"), 200) };

        var result = WriteCheck.Verify(attempts, Before, new Dictionary<string, DriverState> { ["DRV-0001"] = new("Austin", "55.5") });

        result.Failures.Should().ContainSingle().Which.Should().Contain("city");
    }

    private static WriteAttempt City(string value, int status) => new(new DriverWrite("DRV-0001", DriverWrite.City, value), status);

    private static Dictionary<string, DriverState> Final(string city) => new() { ["DRV-0001"] = new(city, "10.0") };
}
