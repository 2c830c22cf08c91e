using FleetTelematics.Api.Caching;
using FleetTelematics.Domain.Common;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// One batch from a gateway: each record judged on its own, the valid ones stored in one transaction, and what they
/// changed handed to the coalesced invalidation. Once a batch has been read it is stored whole even if the gateway
/// stops waiting: a commit must never be left without its invalidation.
/// </summary>
public sealed class TelemetryIngestion(
    IngestTransaction transaction,
    TripStore trips,
    SafetyEventStore events,
    IngestInvalidations invalidations,
    IngestMetrics metrics,
    IngestionOptions options,
    TimeProvider clock)
{
    public Task<IngestResponse> IngestTripsAsync(IReadOnlyList<TripRecord?> records) =>
        IngestAsync(IngestMetrics.TripKind, records, (rules, record, errors) => rules.Judge(record, errors), t => t.ExternalId,
            (connection, round, outcome) => trips.StoreAsync(connection, round, outcome, CancellationToken.None),
            IngestInvalidations.TripPrefixes);

    public Task<IngestResponse> IngestSafetyEventsAsync(IReadOnlyList<SafetyEventRecord?> records) =>
        IngestAsync(IngestMetrics.SafetyEventKind, records, (rules, record, errors) => rules.Judge(record, errors), e => e.ExternalId,
            (connection, round, outcome) => events.StoreAsync(connection, round, outcome, CancellationToken.None),
            IngestInvalidations.SafetyEventPrefixes);

    private async Task<IngestResponse> IngestAsync<TRecord, TValid>(
        string kind,
        IReadOnlyList<TRecord?> records,
        Func<RecordRules, TRecord?, RecordErrors, TValid?> judge,
        Func<TValid, string> externalId,
        Func<Npgsql.NpgsqlConnection, IReadOnlyList<(int Index, TValid Record)>, BatchOutcome, Task<IReadOnlyCollection<int>>> store,
        IReadOnlyCollection<string> prefixes)
        where TRecord : class
        where TValid : class
    {
        var started = clock.GetTimestamp();
        var rules = new RecordRules(clock.GetUtcNow().UtcDateTime, options.MaxRecordAge);
        var valid = new List<(int Index, TValid Record)>(records.Count);
        var invalid = new List<RejectedRecord>();
        for (var index = 0; index < records.Count; index++)
        {
            var errors = new RecordErrors();
            if (judge(rules, records[index], errors) is { } record)
            {
                valid.Add((index, record));
            }
            else
            {
                invalid.Add(new RejectedRecord(index, ExternalIdAsSent(records[index]), errors.ToDictionary()));
            }
        }

        var rounds = BatchRounds.Of(valid, externalId);
        var (outcome, changedDrivers) = await transaction.RunAsync(async connection =>
        {
            // Built afresh on every attempt: a deadlock victim's counts died with its transaction.
            var attempt = new BatchOutcome(invalid);
            var drivers = new HashSet<int>();
            foreach (var round in rounds)
            {
                drivers.UnionWith(await store(connection, round, attempt));
            }

            return (attempt, drivers);
        }, CancellationToken.None);

        if (changedDrivers.Count > 0)
        {
            invalidations.Record(prefixes, changedDrivers.Select(EntityCode.Driver.Format));
        }

        metrics.Batch(kind, outcome, clock.GetElapsedTime(started));
        return outcome.ToResponse();
    }

    // Echoed so the gateway can match the rejection to its record, unless it is too long to be anyone's id.
    private static string? ExternalIdAsSent<TRecord>(TRecord? record) => record switch
    {
        TripRecord trip => trip.ExternalId,
        SafetyEventRecord safetyEvent => safetyEvent.ExternalId,
        _ => null,
    } is { Length: <= ExternalIds.MaxLength } id ? id : null;
}
