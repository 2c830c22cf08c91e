using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <inheritdoc/>
internal sealed class WalPositions(NpgsqlDataSource primary, StandbyDatabase standby) : IWalPositions
{
    /// <inheritdoc/>
    public async ValueTask<NpgsqlLogSequenceNumber> PrimaryInsertAsync(CancellationToken cancellationToken)
    {
        await using var command = primary.CreateCommand("SELECT pg_current_wal_insert_lsn()");
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc/>
    public async ValueTask<NpgsqlLogSequenceNumber?> StandbyReplayAsync(CancellationToken cancellationToken)
    {
        await using var command = standby.DataSource.CreateCommand("SELECT pg_last_wal_replay_lsn()");
        return await command.ExecuteScalarAsync(cancellationToken) is NpgsqlLogSequenceNumber replayed ? replayed : null;
    }
}
