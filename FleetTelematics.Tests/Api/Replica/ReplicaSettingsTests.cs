using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Tests.Api.Replica;

public sealed class ReplicaSettingsTests
{
    [TestCase("Host=standby-1,standby-2;Username=fleet;Database=fleet")]
    [TestCase("Host=standby-1:5432,standby-2:5432;Target Session Attributes=prefer-standby;Database=fleet")]
    public void Start_FleetReplicaNamesSeveralHosts_RefusedWithTheReason(string replica)
    {
        // Nothing is contacted: options are validated before any hosted service starts.
        using var factory = new FleetApiFactory("Host=127.0.0.1;Port=1;Database=none",
            new Dictionary<string, string?> { ["ConnectionStrings:FleetReplica"] = replica });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*FleetReplica must name exactly one standby*");
    }
}
