namespace FleetTelematics.Api.Simulation;

/// <summary>What an ingestion endpoint answers for a batch (200).</summary>
public sealed record IngestAnswer(int Accepted, int Duplicates, IReadOnlyList<IngestRejection> Rejected)
{
    public static IngestAnswer None { get; } = new(0, 0, []);
}
