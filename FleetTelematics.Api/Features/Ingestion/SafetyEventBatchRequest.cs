namespace FleetTelematics.Api.Features.Ingestion;

/// <summary><c>{"events": [...]}</c>: 1 to 5,000 safety event records.</summary>
public sealed record SafetyEventBatchRequest(IReadOnlyList<SafetyEventRecord?>? Events);
