using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Tests.Api.Caching.Unit;

/// <summary>A parameters object bound from the query, as <c>DriverListParameters</c> is.</summary>
internal sealed class FakeListParameters
{
    [FromQuery(Name = "skip")]
    public int Skip { get; init; }

    [FromQuery(Name = "limit")]
    public int Limit { get; init; } = 100;

    [FromQuery(Name = "search")]
    public string? Search { get; init; }

    public string NotBound { get; init; } = "x";
}
