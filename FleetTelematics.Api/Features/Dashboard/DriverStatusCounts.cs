namespace FleetTelematics.Api.Features.Dashboard;

public sealed record DriverStatusCounts(int Total, int Active, int Inactive, int Suspended);
