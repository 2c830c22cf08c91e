using FleetTelematics.Domain.Common;

namespace FleetTelematics.Domain.Vehicles;

public sealed class Vehicle
{
    public int Id { get; set; }

    public string Code => EntityCode.Vehicle.Format(Id);

    public required string Make { get; set; }

    public required string Model { get; set; }

    public int Year { get; set; }

    public required string LicensePlate { get; set; }

    public DateTime CreatedAt { get; set; }
}
