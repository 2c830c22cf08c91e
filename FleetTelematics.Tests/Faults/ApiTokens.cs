namespace FleetTelematics.Tests.Faults;

/// <summary>Bearer tokens of the development users: reads go as the viewer, writes as the admin.</summary>
public sealed record ApiTokens(string Viewer, string Admin);
