namespace FleetTelematics.Tests.Faults;

/// <summary>A request the load is about to send: a cached read, or (with <see cref="Write"/>) a driver PATCH.</summary>
public sealed record PlannedRequest(string Kind, string Url, DriverWrite? Write = null)
{
    public const string DriverPatchKind = "driver_patch";
}
