using System.ComponentModel.DataAnnotations;
using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>Fleet dashboards. Day windows are whole UTC days ending with today.</summary>
[ApiController]
[Route("api/v1/admin/dashboard")]
[Authorize(Policy = Policies.Read)]
public sealed class DashboardController(DashboardQueries queries) : ControllerBase
{
    /// <summary>Today's figures: drivers, vehicles, trips on the road and today, events today, average risk.</summary>
    [HttpGet("stats")]
    [EndpointName("getDashboardStats")]
    [CachedResponse(60, CachePrefixes.DashboardStats)]
    [ProducesResponseType<DashboardStatsResponse>(StatusCodes.Status200OK)]
    public async Task<DashboardStatsResponse> Stats(CancellationToken cancellationToken) =>
        await queries.StatsAsync(cancellationToken);

    /// <summary>Drivers by status, the last 7 days of trips and events, and the five riskiest drivers.</summary>
    [HttpGet("summary")]
    [EndpointName("getDashboardSummary")]
    [CachedResponse(60, CachePrefixes.DashboardSummary)]
    [ProducesResponseType<DashboardSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<DashboardSummaryResponse> Summary(CancellationToken cancellationToken) =>
        await queries.SummaryAsync(cancellationToken);

    /// <summary>Trips per UTC day, oldest first; days without trips are included with zeros.</summary>
    /// <param name="days">How many days, 1 to 90 (default 7).</param>
    [HttpGet("trip-activity")]
    [EndpointName("getTripActivity")]
    [CachedResponse(300, CachePrefixes.TripActivity)]
    [ProducesResponseType<IReadOnlyList<TripActivityDay>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiValidationProblem>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IReadOnlyList<TripActivityDay>> TripActivity(
        [FromQuery(Name = "days"), Range(1, 90, ErrorMessage = "days must be between 1 and 90.")] int days = 7, CancellationToken cancellationToken = default) =>
        await queries.TripActivityAsync(days, cancellationToken);

    /// <summary>Live drivers in each risk band, low to critical, with their share.</summary>
    [HttpGet("risk-distribution")]
    [EndpointName("getRiskDistribution")]
    [CachedResponse(300, CachePrefixes.RiskDistribution)]
    [ProducesResponseType<IReadOnlyList<RiskDistributionBand>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<RiskDistributionBand>> RiskDistribution(CancellationToken cancellationToken) =>
        await queries.RiskDistributionAsync(cancellationToken);

    /// <summary>Safety events by type (all six) and severity (all three).</summary>
    /// <param name="days">How many days, 1 to 365 (default 30).</param>
    [HttpGet("safety-events-breakdown")]
    [EndpointName("getSafetyEventsBreakdown")]
    [CachedResponse(300, CachePrefixes.SafetyEvents)]
    [ProducesResponseType<SafetyEventsBreakdownResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiValidationProblem>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<SafetyEventsBreakdownResponse> SafetyEventsBreakdown(
        [FromQuery(Name = "days"), Range(1, 365, ErrorMessage = "days must be between 1 and 365.")] int days = 30, CancellationToken cancellationToken = default) =>
        await queries.SafetyEventsAsync(days, cancellationToken);
}
