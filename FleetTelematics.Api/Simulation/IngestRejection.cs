namespace FleetTelematics.Api.Simulation;

/// <summary>A record of a batch that was not stored, and why.</summary>
public sealed record IngestRejection(int Index, string ExternalId, IReadOnlyDictionary<string, string[]> Errors);
