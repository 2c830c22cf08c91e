using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>A proxy list that does not parse stops the start-up with a message naming the setting.</summary>
public sealed class ForwardedHeadersConfigurationTests
{
    [TestCase("ForwardedHeaders:KnownProxies:0", "10.0.0.300", "ForwardedHeaders__KnownProxies__0 = '10.0.0.300' is not an IP address")]
    [TestCase("ForwardedHeaders:KnownProxies:0", "10.1", "ForwardedHeaders__KnownProxies__0 = '10.1' is not an IP address")]
    [TestCase("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders__KnownNetworks__0 = '10.0.0.0/33' is not a network")]
    [TestCase("ForwardedHeaders:KnownNetworks:0", "10.0.0.1/8", "ForwardedHeaders__KnownNetworks__0 = '10.0.0.1/8' is not a network")]
    [TestCase("ForwardedHeaders:Enabled", "true", "ForwardedHeaders__Enabled=true needs ForwardedHeaders__KnownProxies or ForwardedHeaders__KnownNetworks")]
    public async Task Start_InvalidForwardedHeadersSetting_FailsNamingIt(string key, string value, string message)
    {
        await using var factory = new FleetApiFactory("Host=127.0.0.1;Port=1;Database=unused;Username=postgres;Timeout=2",
            new Dictionary<string, string?> { [key] = value, ["Startup:CreateDevelopmentUsers"] = "false" });

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(message, StringComparison.Ordinal));
    }
}
