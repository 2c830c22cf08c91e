using FleetTelematics.Domain.Common;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Domain;

[Category(TestKinds.Unit)]
public sealed class TextRulesTests
{
    [TestCase("Ana Costa")]
    [TestCase("José Ñúñez-Çelik")]
    [TestCase("东京 Ελλάδα Україна עברית")]
    [TestCase("🚚🛻 driver 👩🏽‍✈️")]
    [TestCase("50% off_ \\ ' \" ; -- DROP TABLE")]
    [TestCase("")]
    public void IsClean_PrintableTextOfAnyScript_True(string text) => TextRules.IsClean(text).Should().BeTrue();

    [TestCase("a\u0000b")]
    [TestCase("line\nbreak")]
    [TestCase("tab\there")]
    [TestCase("bell\u0007")]
    [TestCase("del\u007F")]
    [TestCase("c1\u0085")]
    [TestCase("non-character \uFFFF")]
    public void IsClean_ControlOrNonCharacter_False(string text) => TextRules.IsClean(text).Should().BeFalse();

    // Built at run time: an attribute argument is stored as UTF-8, which turns a lone surrogate into U+FFFD.
    public static IEnumerable<string> LoneSurrogates =>
    [
        "lone " + (char)0xD800 + " high", "lone " + (char)0xDC00 + " low",
        "reversed " + (char)0xDC00 + (char)0xD800 + " pair", "ends in high " + (char)0xD83D,
    ];

    [TestCaseSource(nameof(LoneSurrogates))]
    public void IsClean_LoneSurrogate_False(string text) => TextRules.IsClean(text).Should().BeFalse();
}
