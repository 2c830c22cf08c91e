using FleetTelematics.Api.Features.Auth;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Hosting;

/// <summary>
/// Outside Development, refuses the published development credentials at start-up: the development signing key
/// (anyone could mint tokens with it) and the development users (anyone could log in as them). Test rigs that run
/// outside Development on purpose say so with <see cref="AuthOptions.AllowDevelopmentCredentials"/>.
/// </summary>
internal sealed class DevelopmentCredentialsGuard(IHostEnvironment environment, IOptions<AuthOptions> auth)
    : IValidateOptions<JwtOptions>, IValidateOptions<StartupOptions>
{
    /// <summary>The key in appsettings.Development.json; public on purpose, so worthless as a secret.</summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-not-for-production-use-0123456789";

    /// <summary>Whether this process may run with development credentials at all.</summary>
    public static bool IsExempt(IHostEnvironment environment, AuthOptions auth) =>
        environment.IsDevelopment() || auth.AllowDevelopmentCredentials;

    public static string DevelopmentPasswordsMessage(IEnumerable<string> usernames) =>
        $"Refusing to start outside Development: the user(s) {string.Join(", ", usernames.Select(u => $"'{u}'"))} still " +
        "have the published development password (UserAccounts.DevelopmentUsers). Delete them " +
        "(DELETE FROM users WHERE username = ...) and create the first admin with Auth__BootstrapAdmin__Username " +
        "and Auth__BootstrapAdmin__Password.";

    public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
        !IsExempt(environment, auth.Value) && options.SigningKey == DevelopmentSigningKey
            ? ValidateOptionsResult.Fail(
                "Jwt__SigningKey is the development signing key from appsettings.Development.json, which is public; " +
                "outside Development set a random secret of at least 32 bytes (openssl rand -base64 48).")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, StartupOptions options) =>
        !IsExempt(environment, auth.Value) && options.CreateDevelopmentUsers
            ? ValidateOptionsResult.Fail(
                "Startup__CreateDevelopmentUsers=true is refused outside Development: the development users have " +
                "published passwords. Set it to false and create the first admin with Auth__BootstrapAdmin__Username " +
                "and Auth__BootstrapAdmin__Password.")
            : ValidateOptionsResult.Success;
}
