namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// What became of a batch: records stored (or completed) by it, records seen before (which changed nothing), and
/// each rejected record with its reasons. Every record of the batch is in exactly one of the three.
/// </summary>
public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedRecord> Rejected);
