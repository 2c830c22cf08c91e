using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Timestamps a gateway sends: ISO 8601 with a UTC offset (<c>2026-12-01T08:30:00Z</c>, <c>…+01:00</c>). A time
/// without an offset is refused rather than guessed. Values keep microseconds, as PostgreSQL does, so that a record
/// sent again compares equal to the one stored.
/// </summary>
public static partial class IngestTimestamp
{
    public const string Expected = "an ISO 8601 timestamp with a UTC offset, e.g. 2026-12-01T08:30:00Z";

    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (text is null || text.Length > 40 || !Iso8601WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return false;
        }

        var ticks = value.UtcTicks;
        utc = new DateTime(ticks - ticks % (TimeSpan.TicksPerMillisecond / 1000), DateTimeKind.Utc);
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601WithOffset();
}
