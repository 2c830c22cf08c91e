using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Faults.Unit;

[Category(TestKinds.Unit)]
public sealed class ResponseComparisonTests
{
    [Test]
    public void Difference_OnlyGeneratedAtDiffers_None()
    {
        ResponseComparison.Difference("""{"total":3,"generated_at":"2026-01-01T00:00:00Z"}""", """{"generated_at":"2026-01-01T00:01:00Z","total":3}""")
            .Should().BeNull();
    }

    [Test]
    public void Difference_NestedValueDiffers_NamesThePath()
    {
        ResponseComparison.Difference("""{"top":[{"risk_score":55.0}]}""", """{"top":[{"risk_score":61.2}]}""")
            .Should().Be("$.top[0].risk_score: 61.2 instead of 55.0");
    }

    [Test]
    public void Difference_ArrayLengthOrMemberDiffers_Found()
    {
        ResponseComparison.Difference("[1,2]", "[1]").Should().Contain("1 items instead of 2");
        ResponseComparison.Difference("""{"a":1}""", """{"a":1,"b":2}""").Should().Contain("$.b");
    }

    [Test]
    public void Difference_NotJson_Reported()
    {
        ResponseComparison.Difference("{}", "<html>").Should().StartWith("not JSON");
    }
}
