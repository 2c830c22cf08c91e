namespace FleetTelematics.Tests.Support;

public static class TimeExtensions
{
    /// <summary>What PostgreSQL keeps of a timestamp: microseconds.</summary>
    public static DateTime TruncateToMicroseconds(this DateTime time) => new(time.Ticks - time.Ticks % 10, time.Kind);
}
