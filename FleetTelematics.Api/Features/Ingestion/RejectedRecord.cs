namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A record that was not stored: its position in the batch (from 0), its external id as sent, and why.</summary>
public sealed record RejectedRecord(int Index, string? ExternalId, IReadOnlyDictionary<string, string[]> Errors);
