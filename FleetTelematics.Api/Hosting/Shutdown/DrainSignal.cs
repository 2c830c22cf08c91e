namespace FleetTelematics.Api.Hosting.Shutdown;

/// <summary>Whether this instance has been told to stop and is draining: shared by the readiness check and the pipeline.</summary>
public sealed class DrainSignal
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void Begin() => _draining = true;
}
