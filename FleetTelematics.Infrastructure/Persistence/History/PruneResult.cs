namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>What <see cref="HistoryPruner"/> removed: the partitions it dropped and the ledger rows of their months.</summary>
public sealed record PruneResult(DateTimeOffset Cutoff, IReadOnlyList<string> Dropped, long TripLedgerRows, long EventLedgerRows);
