namespace FleetTelematics.Api.Features.Drivers;

/// <summary>The outcome of a driver write: the driver as it now is, or why nothing changed.</summary>
public sealed record DriverWriteResult(
    DriverWriteStatus Status,
    DriverResponse? Driver = null,
    string? Detail = null,
    Dictionary<string, string[]>? Errors = null)
{
    public static DriverWriteResult NotFound { get; } = new(DriverWriteStatus.NotFound);

    public static DriverWriteResult Stale { get; } = new(DriverWriteStatus.PreconditionFailed,
        Detail: "The driver has changed since the given ETag; fetch it again and retry.");

    public static DriverWriteResult Invalid(Dictionary<string, string[]> errors) => new(DriverWriteStatus.Invalid, Errors: errors);

    public static DriverWriteResult Conflict(string detail) => new(DriverWriteStatus.Conflict, Detail: detail);
}
