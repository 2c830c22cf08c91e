using NpgsqlTypes;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>The two write-ahead log positions the replay gate compares.</summary>
public interface IWalPositions
{
    /// <summary>
    /// The primary's insert position (<c>pg_current_wal_insert_lsn()</c>). Not the write or flush position: with
    /// <c>synchronous_commit=off</c> a commit is acknowledged before its record is written, but never before it is inserted.
    /// </summary>
    ValueTask<NpgsqlLogSequenceNumber> PrimaryInsertAsync(CancellationToken cancellationToken);

    /// <summary>How far the standby has replayed (<c>pg_last_wal_replay_lsn()</c>); null when the server is not a standby.</summary>
    ValueTask<NpgsqlLogSequenceNumber?> StandbyReplayAsync(CancellationToken cancellationToken);
}
