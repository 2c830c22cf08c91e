using FleetTelematics.Infrastructure.Persistence.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

/// <summary>
/// Maps the roll-up for queries only: its table, index and triggers are created by <see cref="RollupsSql"/> in the
/// migration, so EF Core's migrations leave the table alone.
/// </summary>
internal sealed class DriverTripTotalConfiguration : IEntityTypeConfiguration<DriverTripTotal>
{
    public void Configure(EntityTypeBuilder<DriverTripTotal> builder)
    {
        builder.ToTable(RollupsSql.DriverTripTotals, table => table.ExcludeFromMigrations());
        builder.HasKey(t => t.DriverId);
        builder.Property(t => t.DriverId).ValueGeneratedNever();
        builder.Property(t => t.DistanceKm).HasPrecision(14, 2);
    }
}
