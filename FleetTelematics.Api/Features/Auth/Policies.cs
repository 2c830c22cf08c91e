using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Authorization policies: every admin route reads with <see cref="Read"/>, writes with <see cref="Write"/>.</summary>
public static class Policies
{
    public const string Read = "fleet.read";
    public const string Write = "fleet.write";
    public const string RoleClaim = "role";

    public static string RoleName(UserRole role) => WireEnum.Name(role);
}
