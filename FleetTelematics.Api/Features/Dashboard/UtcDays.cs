namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>A window of whole UTC days that ends with today: [first day 00:00, tomorrow 00:00).</summary>
internal readonly record struct UtcDays(DateTime From, DateTime Until)
{
    public static UtcDays EndingToday(DateTime nowUtc, int days)
    {
        var tomorrow = nowUtc.Date.AddDays(1);
        return new UtcDays(DateTime.SpecifyKind(tomorrow.AddDays(-days), DateTimeKind.Utc), DateTime.SpecifyKind(tomorrow, DateTimeKind.Utc));
    }

    public IEnumerable<DateOnly> Dates()
    {
        for (var day = From; day < Until; day = day.AddDays(1))
        {
            yield return DateOnly.FromDateTime(day);
        }
    }
}
