using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.History;
using Npgsql;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Runs one batch's writes in one transaction, so that a batch is stored whole or not at all, and runs it again when
/// PostgreSQL chose it as a deadlock victim (two gateways' batches updating the same roll-up rows in other orders)
/// or when a month's partition was missing (created here, then the batch runs again).
/// </summary>
public sealed class IngestTransaction(NpgsqlDataSource dataSource, TimeProvider clock, IngestionOptions options)
{
    private const int MaxAttempts = 4;

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await work(connection);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsMissingPartition(e))
            {
                await EnsurePartitionsAsync(cancellationToken);
            }
        }
    }

    // "no partition of relation "trips" found for row": a month the daily upkeep has not created (it was down).
    private static bool IsMissingPartition(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName is null && e.TableName is DatabaseNames.Trips or DatabaseNames.SafetyEvents;

    private async Task EnsurePartitionsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var command = dataSource.CreateCommand($"SELECT {HistoryPartitionsSql.EnsureFunction}($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(now - options.MaxRecordAge) });
        command.Parameters.Add(new NpgsqlParameter { Value = DateOnly.FromDateTime(now + IngestionOptions.FutureTolerance) });
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
