using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;

namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>One driver's generated history: its trips and the safety events that happened on them.</summary>
public sealed record DriverActivity(Driver Driver, IReadOnlyList<Trip> Trips, IReadOnlyList<SafetyEvent> Events);
