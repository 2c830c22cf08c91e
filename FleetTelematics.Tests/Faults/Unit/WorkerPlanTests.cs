using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Faults.Unit;

[Category(TestKinds.Unit)]
public sealed class WorkerPlanTests
{
    private static readonly Dictionary<string, DriverState> Drivers =
        Enumerable.Range(1, 40).ToDictionary(id => $"DRV-{id:D4}", _ => new DriverState("Austin", "12.3"));

    [Test]
    public void DriversOf_WorkersWriteDisjointDrivers()
    {
        var all = Enumerable.Range(0, 8).SelectMany(w => WorkerPlan.DriversOf(w, 8)).ToList();

        all.Should().OnlyHaveUniqueItems().And.HaveCount(8 * WorkerPlan.DriversPerWorker);
    }

    [Test]
    public void Next_AboutFivePercentWrites_OnlyToOwnDrivers_EachValueUniqueAndNotTheStartingOne()
    {
        var plan = new WorkerPlan("t", 2, 8, Drivers);

        var requests = Enumerable.Range(0, 4000).Select(_ => plan.Next()).ToList();

        var writes = requests.Where(r => r.Write is not null).Select(r => r.Write!).ToList();
        writes.Count.Should().BeInRange(120, 280);
        writes.Select(w => w.DriverId).Should().BeSubsetOf(WorkerPlan.DriversOf(2, 8));
        writes.GroupBy(w => (w.DriverId, w.Field)).Should().OnlyContain(g => g.Select(w => w.Value).Distinct().Count() == g.Count());
        writes.Should().NotContain(w => w.Field == DriverWrite.RiskScore && w.Value == "12.3");
        requests.Where(r => r.Write is null).Select(r => r.Kind).Distinct().Should().HaveCount(CachedReads.Groups.Count);
    }
}
