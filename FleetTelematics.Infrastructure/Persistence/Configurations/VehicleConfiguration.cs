using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

internal sealed class VehicleConfiguration : IEntityTypeConfiguration<Vehicle>
{
    public void Configure(EntityTypeBuilder<Vehicle> builder)
    {
        builder.ToTable(DatabaseNames.Vehicles);
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).UseIdentityByDefaultColumn();
        builder.Property<string>(DatabaseNames.PublicIdProperty)
            .HasColumnName(DatabaseNames.PublicIdColumn)
            .HasComputedColumnSql(EntityCode.Vehicle.SqlExpression("id"), stored: true);
        builder.Property(v => v.Make).HasMaxLength(60);
        builder.Property(v => v.Model).HasMaxLength(60);
        builder.Property(v => v.LicensePlate).HasMaxLength(20);
        builder.HasIndex(v => v.LicensePlate).IsUnique();
    }
}
