namespace FleetTelematics.Domain.Drivers;

/// <summary>
/// The one place that turns a risk score into a band. The category is never stored: it is derived from the
/// score so the two can never disagree.
/// </summary>
public static class RiskBands
{
    public const decimal MinimumScore = 0m;
    public const decimal MaximumScore = 100m;

    /// <summary>The inclusive lower bound of each band; each band ends where the next begins.</summary>
    private static readonly (RiskCategory Category, decimal From)[] Bands =
    [
        (RiskCategory.Low, 0m),
        (RiskCategory.Medium, 40m),
        (RiskCategory.High, 60m),
        (RiskCategory.Critical, 80m),
    ];

    public static IReadOnlyList<RiskCategory> All { get; } = Bands.Select(b => b.Category).ToArray();

    public static RiskCategory Categorize(decimal score)
    {
        if (score is < MinimumScore or > MaximumScore)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A risk score lies between 0 and 100.");
        }

        for (var i = Bands.Length - 1; i > 0; i--)
        {
            if (score >= Bands[i].From)
            {
                return Bands[i].Category;
            }
        }

        return RiskCategory.Low;
    }

    /// <summary>The half-open score range [from, to) of a band; the top band's range is closed at 100.</summary>
    public static (decimal From, decimal ToExclusive) RangeOf(RiskCategory category)
    {
        var index = Array.FindIndex(Bands, b => b.Category == category);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown risk category.");
        }

        var to = index + 1 < Bands.Length ? Bands[index + 1].From : MaximumScore + 0.1m;
        return (Bands[index].From, to);
    }

    public static bool IsValidScore(decimal score) =>
        score is >= MinimumScore and <= MaximumScore && decimal.Round(score, 1) == score;
}
