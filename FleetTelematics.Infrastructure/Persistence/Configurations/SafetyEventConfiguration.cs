using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

internal sealed class SafetyEventConfiguration : IEntityTypeConfiguration<SafetyEvent>
{
    public void Configure(EntityTypeBuilder<SafetyEvent> builder)
    {
        builder.ToTable(DatabaseNames.SafetyEvents);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.Property(e => e.SpeedKmh).HasPrecision(5, 1);

        builder.HasOne<Trip>().WithMany().HasForeignKey(e => e.TripId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Driver>().WithMany().HasForeignKey(e => e.DriverId).OnDelete(DeleteBehavior.Restrict);

        // Breakdowns by type and severity over a time window read only the index.
        builder.HasIndex(e => e.OccurredAt).IncludeProperties(e => new { e.Type, e.Severity });
        builder.HasIndex(e => new { e.DriverId, e.OccurredAt })
            .IsDescending(false, true)
            .IncludeProperties(e => new { e.Type });
        builder.HasIndex(e => e.TripId);
    }
}
