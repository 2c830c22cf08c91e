using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Moq;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Hosting;

[Category(TestKinds.Unit)]
public sealed class DevelopmentCredentialsGuardTests
{
    [TestCase("Production", false, false)]
    [TestCase("Staging", false, false)]
    [TestCase("Testing", false, false)]
    [TestCase("Development", false, true)]
    [TestCase("Production", true, true)]
    public void Validate_DevelopmentSigningKey_AllowedOnlyInDevelopmentOrWhenExempted(string environment, bool allow, bool succeeds)
    {
        var guard = Guard(environment, allow);

        var result = guard.Validate(null, new JwtOptions { SigningKey = DevelopmentCredentialsGuard.DevelopmentSigningKey });

        result.Succeeded.Should().Be(succeeds);
    }

    [TestCase("Production", false, false)]
    [TestCase("Development", false, true)]
    [TestCase("Testing", true, true)]
    public void Validate_CreateDevelopmentUsers_AllowedOnlyInDevelopmentOrWhenExempted(string environment, bool allow, bool succeeds)
    {
        var guard = Guard(environment, allow);

        var result = guard.Validate(null, new StartupOptions { CreateDevelopmentUsers = true });

        result.Succeeded.Should().Be(succeeds);
    }

    [Test]
    public void Validate_ProductionWithOwnKeyAndNoDevelopmentUsers_Succeeds()
    {
        var guard = Guard("Production", allow: false);

        guard.Validate(null, new JwtOptions { SigningKey = new string('k', 48) }).Succeeded.Should().BeTrue();
        guard.Validate(null, new StartupOptions { ApplyMigrations = true }).Succeeded.Should().BeTrue();
    }

    [Test]
    public void DevelopmentSigningKey_SameAsAppsettingsDevelopment()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"))
            .Build();

        development["Jwt:SigningKey"].Should().Be(DevelopmentCredentialsGuard.DevelopmentSigningKey,
            "the guard must refuse the key that Development actually ships with");
    }

    private static DevelopmentCredentialsGuard Guard(string environment, bool allow)
    {
        var host = new Mock<IHostEnvironment>();
        host.SetupGet(h => h.EnvironmentName).Returns(environment);
        return new DevelopmentCredentialsGuard(host.Object, Options.Create(new AuthOptions { AllowDevelopmentCredentials = allow }));
    }
}
