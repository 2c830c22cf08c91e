namespace FleetTelematics.Api.Features.Auth;

/// <summary>The first admin outside Development, from <c>Auth:BootstrapAdmin</c>; created once if missing.</summary>
public sealed class BootstrapAdminOptions
{
    public const string SectionName = "Auth:BootstrapAdmin";

    public string? Username { get; set; }

    public string? Password { get; set; }
}
