using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

internal sealed class SafetyEventConfiguration : IEntityTypeConfiguration<SafetyEvent>
{
    public void Configure(EntityTypeBuilder<SafetyEvent> builder)
    {
        builder.ToTable(DatabaseNames.SafetyEvents);
        // Range-partitioned by month of occurred_at, like trips (ADR-012).
        builder.HasKey(e => new { e.Id, e.OccurredAt });
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.Property(e => e.SpeedKmh).HasPrecision(5, 1);

        // No foreign key to trips: it would have to name the trip's partition key too, and it would forbid dropping a
        // month of trips while the next month holds events of its last trips. Writers resolve the trip themselves.
        builder.HasOne<Driver>().WithMany().HasForeignKey(e => e.DriverId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(e => new { e.DriverId, e.OccurredAt })
            .IsDescending(false, true)
            .IncludeProperties(e => new { e.Type });
    }
}
