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
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).UseIdentityByDefaultColumn();
        builder.Property(t => t.DistanceKm).HasPrecision(8, 2);

        builder.HasOne<Driver>().WithMany().HasForeignKey(t => t.DriverId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Vehicle>().WithMany().HasForeignKey(t => t.VehicleId).OnDelete(DeleteBehavior.SetNull);

        // Day-window dashboards (today, last 7 days, trip activity) scan by start time and read only these columns.
        builder.HasIndex(t => t.StartedAt)
            .IncludeProperties(t => new { t.DistanceKm, t.DurationSeconds });

        // Per-driver totals, last trip and recent trips: an index-only range per driver.
        builder.HasIndex(t => new { t.DriverId, t.StartedAt })
            .IsDescending(false, true)
            .IncludeProperties(t => new { t.DistanceKm, t.DurationSeconds });

        // "Active trips" is a count over a small, hot subset.
        builder.HasIndex(t => t.Status).HasFilter($"status = {(short)TripStatus.InProgress}")
            .HasDatabaseName("ix_trips_in_progress");
        builder.HasIndex(t => t.VehicleId);
    }
}
