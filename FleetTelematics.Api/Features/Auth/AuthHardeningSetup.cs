using FleetTelematics.Api.Features.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Token validation that follows the users table (<see cref="UserDirectory"/>).
/// </summary>
public static class AuthHardeningSetup
{
    public static IServiceCollection AddAuthHardening(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IUserRoleSource, DatabaseUserRoleSource>();
        services.AddSingleton<UserDirectory>();
        // Registered after DatabaseInitializer, so the first read sees the users it creates.
        services.AddHostedService<UserDirectoryRefresher>();
        services.AddSingleton<CurrentUserBearerEvents>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure(bearer => bearer.EventsType = typeof(CurrentUserBearerEvents));
        return services;
    }
}
