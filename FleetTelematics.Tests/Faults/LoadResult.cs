namespace FleetTelematics.Tests.Faults;

/// <summary>Everything a load run sent: every request, and every write in the order each driver received them.</summary>
public sealed record LoadResult(IReadOnlyList<RequestRecord> Requests, IReadOnlyList<WriteAttempt> Writes);
