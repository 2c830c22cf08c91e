namespace FleetTelematics.Infrastructure.Persistence.Seeding;

public sealed record SeedResult(long Vehicles, long Drivers, long Trips, long SafetyEvents);
