namespace FleetTelematics.Api.Simulation;

/// <summary>A user the simulator logs in as (<c>POST /api/v1/auth/token</c>).</summary>
public sealed record GatewayCredentials(string Username, string Password);
