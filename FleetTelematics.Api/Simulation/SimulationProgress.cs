namespace FleetTelematics.Api.Simulation;

/// <summary>What the simulator sent and what the API answered, since the last report (or in all).</summary>
public sealed class SimulationProgress
{
    public int Trips { get; set; }

    public int Events { get; set; }

    public int Requests { get; set; }

    public int Accepted { get; set; }

    public int Duplicates { get; set; }

    public int Rejected { get; set; }

    /// <summary>Records sent again on purpose, to show that a repeat changes nothing.</summary>
    public int RepeatedOnPurpose { get; set; }

    /// <summary>Records of batches the API refused as a whole (a 4xx other than 401 or 429).</summary>
    public int Dropped { get; set; }

    public void Add(SimulationProgress other)
    {
        Trips += other.Trips;
        Events += other.Events;
        Requests += other.Requests;
        Accepted += other.Accepted;
        Duplicates += other.Duplicates;
        Rejected += other.Rejected;
        RepeatedOnPurpose += other.RepeatedOnPurpose;
        Dropped += other.Dropped;
    }
}
