using FleetTelematics.Domain.Common;

namespace FleetTelematics.Domain.Drivers;

public sealed class Driver
{
    /// <summary>The numeric key; <see cref="Code"/> is its wire form.</summary>
    public int Id { get; set; }

    public string Code => EntityCode.Driver.Format(Id);

    public required string Name { get; set; }

    public required string Email { get; set; }

    public required string Phone { get; set; }

    public required string LicenseNumber { get; set; }

    public required string City { get; set; }

    public DriverStatus Status { get; set; } = DriverStatus.Active;

    public decimal RiskScore { get; set; }

    public RiskCategory RiskCategory => RiskBands.Categorize(RiskScore);

    public int? VehicleId { get; set; }

    public DateOnly HireDate { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Set when the driver is deleted: the row stays so its trips and events keep counting.</summary>
    public DateTime? ArchivedAt { get; set; }

    /// <summary>PostgreSQL's row version (xmin), used as the optimistic-concurrency token and the ETag.</summary>
    public uint Version { get; set; }

    public bool IsArchived => ArchivedAt is not null;

    public void Archive(DateTime nowUtc)
    {
        ArchivedAt ??= nowUtc;
        UpdatedAt = nowUtc;
    }
}
