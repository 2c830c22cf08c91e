namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Splits a batch into rounds in which each external id appears once: round 1 holds every id's first record, round 2
/// the second records of ids sent twice, and so on. Rounds are stored in order inside one transaction, so a batch that
/// carries a trip's start and then its end is applied as if the two had come in two batches.
/// </summary>
public static class BatchRounds
{
    public static IReadOnlyList<IReadOnlyList<(int Index, T Record)>> Of<T>(IEnumerable<(int Index, T Record)> records, Func<T, string> externalId)
    {
        var rounds = new List<List<(int Index, T Record)>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var id = externalId(record.Record);
            var round = seen.GetValueOrDefault(id);
            seen[id] = round + 1;
            if (round == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[round].Add(record);
        }

        return rounds;
    }
}
