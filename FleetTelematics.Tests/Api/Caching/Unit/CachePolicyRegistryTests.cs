using FleetTelematics.Api.Caching;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching.Unit;

[Category(TestKinds.Unit)]
public sealed class CachePolicyRegistryTests
{
    [Test]
    public void Prefixes_FleetActions_AreEveryCachedPrefix()
    {
        var registry = FakeActionDescriptors.Registry();

        var prefixes = registry.Prefixes;

        prefixes.Should().BeEquivalentTo("dashboard_stats", "dashboard_summary", "risk_distribution", "trip_activity",
            "drivers_list", "driver_detail", "my_profile");
    }

    [Test]
    public void InvalidationsFor_TrailingWildcard_ExpandsToExactlyThePrefixesStartingWithIt()
    {
        var registry = FakeActionDescriptors.Registry();

        var targets = registry.InvalidationsFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Create)));

        targets.Should().BeEquivalentTo(new[]
        {
            new InvalidationTarget("drivers_list", null),
            new InvalidationTarget("dashboard_stats", null),
            new InvalidationTarget("dashboard_summary", null),
            new InvalidationTarget("risk_distribution", null),
        });
    }

    [Test]
    public void InvalidationsFor_DashboardWildcardAlone_MatchesNeitherRiskDistributionNorTripActivity()
    {
        var write = WriteInvalidating("dashboard_*");
        var registry = FakeActionDescriptors.Registry(null,
            FakeActionDescriptors.Of(nameof(FakeFleetActions.Stats)),
            FakeActionDescriptors.Of(nameof(FakeFleetActions.Summary)),
            FakeActionDescriptors.Of(nameof(FakeFleetActions.RiskDistribution)),
            FakeActionDescriptors.Of(nameof(FakeFleetActions.TripActivity)),
            write);

        var targets = registry.InvalidationsFor(write.Id);

        targets.Select(t => t.Prefix).Should().Equal("dashboard_stats", "dashboard_summary");
    }

    [Test]
    public void InvalidationsFor_ScopedPattern_ScopeComesFromTheWritesRouteValue()
    {
        var registry = FakeActionDescriptors.Registry();

        var detail = registry.InvalidationsFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Patch))).Single(t => t.Prefix == "driver_detail");

        detail.ScopeFor(new RouteValueDictionary { ["driver_id"] = "DRV-0001" }).Should().Be("DRV-0001");
    }

    [Test]
    public void InvalidationsFor_UnscopedPattern_HasNoScope()
    {
        var registry = FakeActionDescriptors.Registry();

        var list = registry.InvalidationsFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Patch))).Single(t => t.Prefix == "drivers_list");

        list.ScopeFor(new RouteValueDictionary { ["driver_id"] = "DRV-0001" }).Should().BeNull();
    }

    [Test]
    public void InvalidationsFor_ActionWithoutDeclaration_IsEmpty()
    {
        var registry = FakeActionDescriptors.Registry();

        var targets = registry.InvalidationsFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Stats)));

        targets.Should().BeEmpty();
    }

    [Test]
    public void Constructor_PatternMatchingNoPrefix_ThrowsNamingThePattern()
    {
        var build = () => FakeActionDescriptors.Registry(null,
            FakeActionDescriptors.Of(nameof(FakeFleetActions.Stats)),
            FakeActionDescriptors.Of(nameof(FakeFleetActions.Misspelled), "api/v1/admin/misspelled"));

        build.Should().Throw<InvalidOperationException>().WithMessage("*dashbord_*matches no cached prefix*");
    }

    [Test]
    public void Constructor_PlaceholderThatIsNoRouteValue_ThrowsNamingIt()
    {
        var build = () => FakeActionDescriptors.Registry(null,
            FakeActionDescriptors.Of(nameof(FakeFleetActions.Details)),
            FakeActionDescriptors.Of(nameof(FakeFleetActions.ScopedWithoutRouteValue), "api/v1/admin/drivers"));

        build.Should().Throw<InvalidOperationException>().WithMessage("*{driver_id}*not a route value*");
    }

    [Test]
    public void Constructor_ParametersObjectWithoutEmptyName_Throws()
    {
        // MVC would also bind "parameters.limit", which the cache key does not see: two answers, one entry.
        var build = () => FakeActionDescriptors.Registry(null,
            FakeActionDescriptors.Of(nameof(FakeFleetActions.ListWithPrefixedBinding), "api/v1/admin/drivers-prefixed"));

        build.Should().Throw<InvalidOperationException>().WithMessage("*[FromQuery(Name = \"\")]*");
    }

    [Test]
    public void Constructor_PrefixWithColon_Throws()
    {
        var build = () => FakeActionDescriptors.Registry(null,
            FakeActionDescriptors.Of(nameof(FakeFleetActions.BadPrefix), "api/v1/admin/bad"));

        build.Should().Throw<InvalidOperationException>().WithMessage("*BadPrefix*");
    }

    [Test]
    public void PolicyFor_TtlOverride_WinsOverAttribute()
    {
        var options = new ResponseCachingOptions { Ttl = { ["dashboard_summary"] = 30 } };

        var registry = FakeActionDescriptors.Registry(options);

        registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Summary)))!.TimeToLive.Should().Be(TimeSpan.FromSeconds(30));
        registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Stats)))!.TimeToLive.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Test]
    public void PolicyFor_CachedAction_CarriesPrefixScopeAndRouteParameters()
    {
        var registry = FakeActionDescriptors.Registry();

        var details = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Details)))!;
        var profile = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Profile)))!;

        details.Prefix.Should().Be("driver_detail");
        details.TimeToLive.Should().Be(TimeSpan.FromSeconds(180));
        details.Scope.Should().Be(CacheScope.Shared);
        details.RouteParameters.Select(p => p.Name).Should().Equal("driver_id");
        profile.Scope.Should().Be(CacheScope.User);
    }

    [Test]
    public void PolicyFor_UncachedAction_IsNull()
    {
        var registry = FakeActionDescriptors.Registry();

        var policy = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.Uncached)));

        policy.Should().BeNull();
    }

    [Test]
    public void PolicyFor_ParametersObject_DiscoversFromQueryPropertiesWithTheirDefaults()
    {
        var registry = FakeActionDescriptors.Registry();

        var parameters = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.List)))!.QueryParameters;

        parameters.Keys.Should().BeEquivalentTo("skip", "limit", "search");
        parameters["limit"].Should().Be(new QueryParameter("limit", typeof(int), "100"));
        parameters["skip"].CanonicalDefault.Should().Be("0");
        parameters["search"].Should().Be(new QueryParameter("search", typeof(string), null));
    }

    [Test]
    public void PolicyFor_MethodParameterWithDefault_DiscoversItAndSkipsUnboundParameters()
    {
        var registry = FakeActionDescriptors.Registry();

        var parameters = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.TripActivity)))!.QueryParameters;

        parameters.Keys.Should().Equal("days");
        parameters["days"].Should().Be(new QueryParameter("days", typeof(int), "7"));
    }

    [Test]
    public void PolicyFor_QueryParameterNames_AreLookedUpIgnoringCase()
    {
        var registry = FakeActionDescriptors.Registry();

        var parameters = registry.PolicyFor(FakeActionDescriptors.Id(nameof(FakeFleetActions.TripActivity)))!.QueryParameters;

        parameters.Should().ContainKey("DAYS");
    }

    private static ControllerActionDescriptor WriteInvalidating(string pattern)
    {
        var action = FakeActionDescriptors.Of(nameof(FakeFleetActions.Uncached), "api/v1/admin/write");
        action.EndpointMetadata = [new InvalidatesCacheAttribute(pattern)];
        return action;
    }
}
