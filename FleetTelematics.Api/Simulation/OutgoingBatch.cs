namespace FleetTelematics.Api.Simulation;

/// <summary>
/// The records of one send: trips go first, then events, so an event's trip is always known before the event
/// arrives (its start is in these trips or was sent earlier). A batch never holds two records of one trip: the
/// start and the end of a trip travel in separate batches, as a gateway would have sent them.
/// </summary>
public sealed record OutgoingBatch(IReadOnlyList<TripRecord> Trips, IReadOnlyList<SafetyEventRecord> Events)
{
    /// <summary>The ingestion endpoints take at most this many records per request.</summary>
    public const int MaxRecords = 5000;

    public int Count => Trips.Count + Events.Count;

    /// <summary>Takes the longest prefix of <paramref name="pending"/> that makes a valid batch, at most <paramref name="limit"/> records.</summary>
    public static OutgoingBatch Take(Queue<ITelemetryRecord> pending, int limit = MaxRecords)
    {
        var trips = new List<TripRecord>();
        var events = new List<SafetyEventRecord>();
        var tripIds = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPeek(out var next) && trips.Count + events.Count < limit)
        {
            if (next is TripRecord trip)
            {
                if (!tripIds.Add(trip.ExternalId))
                {
                    break;
                }

                trips.Add(trip);
            }
            else
            {
                events.Add((SafetyEventRecord)next);
            }

            pending.Dequeue();
        }

        return new OutgoingBatch(trips, events);
    }
}
