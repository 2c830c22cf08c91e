namespace FleetTelematics.Api.Features.Ingestion;

/// <summary><c>{"trips": [...]}</c>: 1 to 5,000 trip records.</summary>
public sealed record TripBatchRequest(IReadOnlyList<TripRecord?>? Trips);
