namespace FleetTelematics.Api.Features.Drivers;

public enum DriverWriteStatus
{
    Done,
    NotFound,
    Invalid,
    Conflict,
    PreconditionFailed,
}
