using System.Globalization;
using System.Text.RegularExpressions;

namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// How much history <c>prune</c> keeps: <c>24months</c> or <c>400days</c>. History is dropped in whole months, so a
/// period becomes a cutoff at the start of a UTC month: every partition that ends at or before it is dropped.
/// </summary>
public sealed partial record RetentionPeriod(int Count, RetentionUnit Unit)
{
    // Ten thousand months is far beyond any history; the bound keeps the arithmetic away from DateTime's limits.
    private const int MaxCount = 10_000;

    public static bool TryParse(string? text, out RetentionPeriod period, out string error)
    {
        period = new RetentionPeriod(0, RetentionUnit.Months);
        var match = Syntax().Match(text ?? "");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--older-than takes a whole number of months or days, such as 24months or 400days, not '{text}'";
            return false;
        }

        if (count is < 1 or > MaxCount)
        {
            error = $"--older-than must be between 1 and {MaxCount:N0} {match.Groups[2].Value}, not {count}";
            return false;
        }

        period = new RetentionPeriod(count, match.Groups[2].Value.StartsWith('m') ? RetentionUnit.Months : RetentionUnit.Days);
        error = "";
        return true;
    }

    /// <summary>
    /// The first instant kept at <paramref name="now"/>: for <c>N months</c> the start of the UTC month N months before
    /// the current one (at any time in December 2026, <c>24months</c> keeps December 2024 on); for <c>N days</c> the
    /// start of the UTC month that holds the day N days before today (history is dropped in whole months, so up to a
    /// month more than N days is kept).
    /// </summary>
    public DateTimeOffset CutoffAt(DateTimeOffset now)
    {
        var today = now.UtcDateTime.Date;
        var month = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var cutoff = Unit == RetentionUnit.Months
            ? month.AddMonths(-Count)
            : StartOfMonth(today.AddDays(-Count));
        return new DateTimeOffset(cutoff);
    }

    /// <summary>
    /// The latest cutoff that pruning accepts at <paramref name="now"/>: the first month that partition maintenance
    /// keeps (<see cref="HistoryPartitions.Lookback"/>), since ingestion may still write it. The current and future
    /// months are always after it.
    /// </summary>
    public static DateTimeOffset LatestCutoffAt(DateTimeOffset now) => LatestCutoffAt(now, HistoryPartitions.Lookback);

    /// <summary>The latest cutoff that keeps every record up to <paramref name="writableAge"/> old, and at least <see cref="HistoryPartitions.Lookback"/>.</summary>
    public static DateTimeOffset LatestCutoffAt(DateTimeOffset now, TimeSpan writableAge) =>
        new(StartOfMonth(now.UtcDateTime - (writableAge > HistoryPartitions.Lookback ? writableAge : HistoryPartitions.Lookback)));

    public override string ToString() => $"{Count}{(Unit == RetentionUnit.Months ? "months" : "days")}";

    private static DateTime StartOfMonth(DateTime utc) => new(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    [GeneratedRegex("^([0-9]{1,9})(months?|days?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
