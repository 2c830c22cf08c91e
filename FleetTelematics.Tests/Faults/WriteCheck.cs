namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Checks writes against the database once the load has stopped. Per driver and field, in the order they were sent:
/// the final value must be that of the last acknowledged (2xx) write, or of a write sent after it that got no 2xx —
/// an unacknowledged write may or may not have committed. With no acknowledged write, the value must be the one
/// from before the scenario or an unacknowledged one. Each write's value is unique, so a lost acknowledged write,
/// or an older write landing last, cannot pass unnoticed.
/// </summary>
public static class WriteCheck
{
    public static WriteCheckResult Verify(IReadOnlyList<WriteAttempt> attempts, IReadOnlyDictionary<string, DriverState> before,
        IReadOnlyDictionary<string, DriverState> after)
    {
        var failures = new List<string>();
        var verified = 0;
        foreach (var history in attempts.GroupBy(a => (a.Write.DriverId, a.Write.Field)))
        {
            var (driver, field) = history.Key;
            var sent = history.ToList();
            var lastAcknowledged = sent.FindLastIndex(a => a.Acknowledged);
            var allowed = sent.Skip(lastAcknowledged + 1).Where(a => !a.Acknowledged).Select(a => a.Write.Value).ToList();
            allowed.Insert(0, lastAcknowledged >= 0 ? sent[lastAcknowledged].Write.Value : before[driver].Value(field));
            var final = after[driver].Value(field);
            if (allowed.Contains(final))
            {
                verified += sent.Count(a => a.Acknowledged);
                continue;
            }

            failures.Add($"{driver} {field} is '{final}', but the last acknowledged write " +
                (lastAcknowledged >= 0 ? $"(#{lastAcknowledged + 1} of {sent.Count}) set '{allowed[0]}'" : $"is none and it was '{allowed[0]}'") +
                (allowed.Count > 1 ? $"; unacknowledged after it: {string.Join(", ", allowed.Skip(1).Select(v => $"'{v}'"))}" : ""));
        }

        return new WriteCheckResult(attempts.Count, attempts.Count(a => a.Acknowledged), verified, failures);
    }
}
