namespace FleetTelematics.Api.Simulation;

/// <summary>A record a gateway sends: a <see cref="TripRecord"/> or a <see cref="SafetyEventRecord"/>.</summary>
public interface ITelemetryRecord
{
    /// <summary>The gateway's own id of the record, the same every time the record is sent.</summary>
    string ExternalId { get; }
}
