namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>The size of a synthetic fleet. The same options and anchor always produce the same rows.</summary>
public sealed record FleetSeedOptions(int Drivers, int Vehicles, int Days, int Seed = 42)
{
    public static FleetSeedOptions Demo { get; } = new(200, 120, 90);

    public IEnumerable<string> Validate()
    {
        if (Drivers is < 1 or > 1_000_000)
        {
            yield return "--drivers must be between 1 and 1000000.";
        }

        if (Vehicles is < 0 or > 1_000_000)
        {
            yield return "--vehicles must be between 0 and 1000000.";
        }

        if (Days is < 1 or > 3650)
        {
            yield return "--days must be between 1 and 3650.";
        }
    }
}
