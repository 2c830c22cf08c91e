using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Vehicles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FleetTelematics.Infrastructure.Persistence.Configurations;

internal sealed class DriverConfiguration : IEntityTypeConfiguration<Driver>
{
    public void Configure(EntityTypeBuilder<Driver> builder)
    {
        builder.ToTable(DatabaseNames.Drivers);
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityByDefaultColumn();

        // The wire id lives in the database too, so "search by driver id" is a plain ILIKE in SQL.
        builder.Property<string>(DatabaseNames.PublicIdProperty)
            .HasColumnName(DatabaseNames.PublicIdColumn)
            .HasComputedColumnSql(EntityCode.Driver.SqlExpression("id"), stored: true);

        builder.Property(d => d.Name).HasMaxLength(DriverLimits.NameLength);
        builder.Property(d => d.Email).HasMaxLength(DriverLimits.EmailLength);
        builder.Property(d => d.Phone).HasMaxLength(DriverLimits.PhoneLength);
        builder.Property(d => d.LicenseNumber).HasMaxLength(DriverLimits.LicenseNumberLength);
        builder.Property(d => d.City).HasMaxLength(DriverLimits.CityLength);
        builder.Property(d => d.RiskScore).HasPrecision(4, 1);
        builder.Property(d => d.Version).IsRowVersion();

        builder.HasOne<Vehicle>().WithMany().HasForeignKey(d => d.VehicleId).OnDelete(DeleteBehavior.SetNull);

        // Archived drivers free their email and licence for reuse: uniqueness holds among live drivers only.
        builder.HasIndex(d => d.Email).IsUnique().HasFilter("archived_at IS NULL");
        builder.HasIndex(d => d.LicenseNumber).IsUnique().HasFilter("archived_at IS NULL");
        builder.HasIndex(d => d.RiskScore).HasFilter("archived_at IS NULL");
        builder.HasIndex(d => d.VehicleId);
    }
}
