namespace FleetTelematics.Tests.Faults;

/// <summary>
/// The outcome of comparing every URL of the load between the cached API and the oracle: how many were compared,
/// how many of the cached answers were hits, and each URL that differed (a stale read).
/// </summary>
public sealed record StaleReadReport(int UrlsChecked, int HitsCompared, IReadOnlyList<string> StaleReads);
