using System.ComponentModel.DataAnnotations;
using FleetTelematics.Api.Json;
using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Drivers;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>Filters, sort and page of the driver list.</summary>
public sealed class DriverListParameters : IValidatableObject
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>How many matching drivers to skip (0 or more).</summary>
    [FromQuery(Name = "skip"), Range(0, int.MaxValue, ErrorMessage = "skip must be 0 or more.")]
    public int Skip { get; init; }

    /// <summary>Page size, 1 to 500.</summary>
    [FromQuery(Name = "limit"), Range(1, MaxLimit, ErrorMessage = "limit must be between 1 and 500.")]
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Keeps drivers whose name, email or driver id contains this text, case-insensitively.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "search must have at most 100 characters.")]
    public string? Search { get; init; }

    /// <summary><c>active</c>, <c>inactive</c> or <c>suspended</c>.</summary>
    [FromQuery(Name = "status"), WireValues(typeof(DriverStatus))]
    public string? Status { get; init; }

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</summary>
    [FromQuery(Name = "risk_category"), WireValues(typeof(RiskCategory))]
    public string? RiskCategory { get; init; }

    /// <summary>One of driver_id (default), name, -name, risk_score, -risk_score, last_trip_at, -last_trip_at.</summary>
    [FromQuery(Name = "sort"), WireValues("driver_id", "name", "-name", "risk_score", "-risk_score", "last_trip_at", "-last_trip_at")]
    public string? Sort { get; init; }

    internal DriverStatus? StatusFilter => WireEnum.TryParse<DriverStatus>(Status, out var value) ? value : null;

    internal RiskCategory? RiskCategoryFilter =>
        WireEnum.TryParse<RiskCategory>(RiskCategory, out var value) ? value : null;

    internal string SortOrder => string.IsNullOrEmpty(Sort) ? DriverSort.Default : Sort;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Status) && StatusFilter is null)
        {
            yield return new ValidationResult(WireEnum.Describe<DriverStatus>("status"), ["status"]);
        }

        if (!string.IsNullOrEmpty(RiskCategory) && RiskCategoryFilter is null)
        {
            yield return new ValidationResult(WireEnum.Describe<RiskCategory>("risk_category"), ["risk_category"]);
        }

        if (!string.IsNullOrEmpty(Sort) && !DriverSort.Allowed.Contains(Sort))
        {
            yield return new ValidationResult($"sort must be one of: {string.Join(", ", DriverSort.Allowed)}.", ["sort"]);
        }
    }
}
