using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

internal sealed class TripConfiguration : IEntityTypeConfiguration<Trip>
{
    public void Configure(EntityTypeBuilder<Trip> builder)
    {
        builder.ToTable(DatabaseNames.Trips);
        // Trips are range-partitioned by month of started_at (ADR-012), and a partitioned table's key must hold the
        // partition key.
        builder.HasKey(t => new { t.Id, t.StartedAt });
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.DistanceKm).HasPrecision(8, 2);

        builder.HasOne<Driver>().WithMany().HasForeignKey(t => t.DriverId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(t => t.VehicleId).OnDelete(DeleteBehavior.SetNull);

        // A driver's recent trips, and the newest trip when a roll-up's last_trip_at must be recomputed.
        builder.HasIndex(t => new { t.DriverId, t.StartedAt })
            .IsDescending(false, true)
            .IncludeProperties(t => new { t.DistanceKm, t.DurationSeconds });

        // "Active trips" is a count over a small, hot subset.
        builder.HasIndex(t => t.Status).HasFilter($"status = {(short)TripStatus.InProgress}")
            .HasDatabaseName("ix_trips_in_progress");
        builder.HasIndex(t => t.VehicleId);
    }
}
