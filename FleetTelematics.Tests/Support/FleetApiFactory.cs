using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Support;

/// <summary>The API in-process, pointed at a test database (and, when given, the test Redis).</summary>
public sealed class FleetApiFactory(
    string connectionString,
    IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    // 64 bytes: long enough for HS512 and HS384 too, so the tests can show that only HS256 is accepted and not
    // merely that a longer algorithm lacks key material.
    public const string SigningKey = "integration-test-signing-key-0123456789abcdef-0123456789abcdef-xy";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings are read before the app's own configuration is built, so they win over appsettings.
        builder.UseSetting("ConnectionStrings:Fleet", connectionString);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Startup:CreateDevelopmentUsers", "true");
        // The test rig runs in "Testing" with the development users on purpose; production guards refuse that otherwise.
        builder.UseSetting("Auth:AllowDevelopmentCredentials", "true");
        builder.UseSetting("Swagger:Enabled", "true");
        // Nothing balances over a test host: stopping it must not wait out the production drain. Tests of the
        // drain set their own delay.
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}
