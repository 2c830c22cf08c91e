namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>
/// Shares with one decimal that add up to exactly 100.0 (largest-remainder rounding), so a pie chart never shows
/// 99.9 % or 100.1 %.
/// </summary>
internal static class Percentages
{
    public static decimal[] Of(IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        var result = new decimal[counts.Count];
        if (total == 0)
        {
            return result;
        }

        const int tenthsInWhole = 1000;
        var tenths = new long[counts.Count];
        var remainders = new long[counts.Count];
        for (var i = 0; i < counts.Count; i++)
        {
            tenths[i] = Math.DivRem((long)counts[i] * tenthsInWhole, total, out remainders[i]);
        }

        var missing = tenthsInWhole - tenths.Sum();
        foreach (var index in Enumerable.Range(0, counts.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)missing))
        {
            tenths[index]++;
        }

        for (var i = 0; i < counts.Count; i++)
        {
            result[i] = tenths[i] / 10m;
        }

        return result;
    }
}
