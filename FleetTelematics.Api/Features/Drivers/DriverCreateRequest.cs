namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// A new driver. The server assigns <c>driver_id</c>; <c>status</c> defaults to <c>active</c>, and null means the
/// same as leaving a field out. <c>risk_score</c> is not accepted: a new driver has no trips to be scored on.
/// </summary>
public sealed record DriverCreateRequest : DriverChanges;
