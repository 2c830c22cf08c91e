using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Domain.Users;
using FleetTelematics.Domain.Vehicles;
using FleetTelematics.Infrastructure.Persistence.History;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Infrastructure.Persistence;

public sealed class FleetDbContext(DbContextOptions<FleetDbContext> options) : DbContext(options)
{
    public DbSet<Driver> Drivers => Set<Driver>();

    public DbSet<Vehicle> Vehicles => Set<Vehicle>();

    public DbSet<Trip> Trips => Set<Trip>();

    public DbSet<SafetyEvent> SafetyEvents => Set<SafetyEvent>();

    public DbSet<User> Users => Set<User>();

    /// <summary>The <c>driver_trip_totals</c> roll-up, read instead of aggregating a driver's trips (ADR-013).</summary>
    public DbSet<DriverTripTotal> DriverTripTotals => Set<DriverTripTotal>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FleetDbContext).Assembly);
}
