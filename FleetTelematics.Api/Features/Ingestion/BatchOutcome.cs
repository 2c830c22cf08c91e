namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>What became of each record of one batch, counted as the batch is judged.</summary>
public sealed class BatchOutcome(IEnumerable<RejectedRecord> rejectedBeforeStoring)
{
    private readonly List<RejectedRecord> _rejected = [.. rejectedBeforeStoring];

    public int Accepted { get; private set; }

    public int Duplicates { get; private set; }

    public int RejectedCount => _rejected.Count;

    public void Accept() => Accepted++;

    public void Duplicate() => Duplicates++;

    public void Reject(int index, string? externalId, IReadOnlyDictionary<string, string[]> errors) =>
        _rejected.Add(new RejectedRecord(index, externalId, errors));

    public IngestResponse ToResponse() => new(Accepted, Duplicates, _rejected.OrderBy(r => r.Index).ToList());
}
