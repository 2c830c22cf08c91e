namespace FleetTelematics.Tests.Faults;

/// <summary>One cached route of the load: its kind (the cache prefix), its share of the traffic, and its URLs.</summary>
public sealed record RouteGroup(string Kind, int Weight, IReadOnlyList<string> Urls);
