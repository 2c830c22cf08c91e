namespace FleetTelematics.Api.Features.Drivers;

public sealed record VehicleResponse(string VehicleId, string Make, string Model, int Year, string LicensePlate);
