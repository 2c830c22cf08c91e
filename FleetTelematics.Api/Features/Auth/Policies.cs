using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Authorization policies: every admin route reads with <see cref="Read"/>, writes with <see cref="Write"/>; the
/// telemetry routes take <see cref="Ingest"/>.
/// </summary>
public static class Policies
{
    public const string Read = "fleet.read";
    public const string Write = "fleet.write";
    public const string Ingest = "fleet.ingest";
    public const string RoleClaim = "role";

    public static string RoleName(UserRole role) => WireEnum.Name(role);
}
