namespace FleetTelematics.Api.Simulation;

/// <summary>A vehicle the simulator drives, and the driver who drives it (wire ids: <c>VEH-0001</c>, <c>DRV-0001</c>).</summary>
public sealed record SimulatedVehicle(string VehicleId, string DriverId);
