using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Who the bearer token belongs to.</summary>
/// <param name="Username">The user the token was issued to.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>: what the token may do.</param>
public sealed record CurrentUserResponse(string Username, [property: WireValues(typeof(UserRole))] string Role);
