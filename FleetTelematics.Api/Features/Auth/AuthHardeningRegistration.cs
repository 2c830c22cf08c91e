using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Token validation that follows the users table (<see cref="UserDirectory"/>), and the start-up guards against
/// development credentials outside Development (<see cref="DevelopmentCredentialsGuard"/>).
/// </summary>
public static class AuthHardeningRegistration
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

        services.AddSingleton<DevelopmentCredentialsGuard>();
        services.AddSingleton<IValidateOptions<JwtOptions>>(sp => sp.GetRequiredService<DevelopmentCredentialsGuard>());
        services.AddSingleton<IValidateOptions<StartupOptions>>(sp => sp.GetRequiredService<DevelopmentCredentialsGuard>());
        services.AddOptions<StartupOptions>().ValidateOnStart();
        return services;
    }
}
