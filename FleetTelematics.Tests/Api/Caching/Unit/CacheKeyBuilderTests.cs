using System.Collections.Concurrent;
using System.Security.Claims;
using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching.Unit;

[Category(TestKinds.Unit)]
public sealed class CacheKeyBuilderTests
{
    private static readonly CacheKeyLayout Layout = new("t");
    private static readonly CacheKeyBuilder Builder = new(Layout);
    private static readonly ConcurrentDictionary<string, ActionDescriptor> Descriptors = new();

    [Test]
    public void Build_ParameterOrderAndNameCase_SameKey()
    {
        var policy = Policy();

        var key = EntryKey(policy, "?days=3&search=ann&status=active");
        var reordered = EntryKey(policy, "?STATUS=active&Search=ann&DAYS=3");

        reordered.Should().Be(key);
    }

    [Test]
    public void Build_DefaultValue_SameKeyAsOmission()
    {
        var policy = Policy();

        var explicitDefault = EntryKey(policy, "?days=7");
        var omitted = EntryKey(policy, "");

        explicitDefault.Should().Be(omitted);
    }

    [TestCase("?days=07", "?days=7")]
    [TestCase("?days=03", "?days=3")]
    [TestCase("?days=+3", "?days=3")]
    public void Build_IntegerSpelledDifferently_SameKeyAsCanonical(string spelled, string canonical)
    {
        var policy = Policy();

        var key = EntryKey(policy, spelled);

        key.Should().Be(EntryKey(policy, canonical));
    }

    [Test]
    public void Build_EmptyStringParameter_SameKeyAsOmission()
    {
        var policy = Policy();

        var key = EntryKey(policy, "?search=");

        key.Should().Be(EntryKey(policy, ""));
    }

    [Test]
    public void Build_UnknownParameter_Ignored()
    {
        var policy = Policy();

        var key = EntryKey(policy, "?days=3&utm_source=mail&_=1712345678");

        key.Should().Be(EntryKey(policy, "?days=3"));
    }

    [TestCase("?days=3", "?days=4")]
    [TestCase("?days=3", "")]
    [TestCase("?search=ann", "?search=bob")]
    [TestCase("?search=ann", "?status=ann")]
    public void Build_DifferentValues_DifferentKeys(string query, string otherQuery)
    {
        var policy = Policy();

        var key = EntryKey(policy, query);

        key.Should().NotBe(EntryKey(policy, otherQuery));
    }

    [Test]
    public void Build_ValueContainingLineBreak_DoesNotShareKeyWithTwoParameters()
    {
        // ?search=x%0Aq:status=active is a search for an odd text (no driver matches); it must not fill the entry of
        // ?search=x&status=active, or one request empties that list for everyone until the TTL ends.
        var policy = Policy();

        var injected = EntryKey(policy, "?search=x%0Aq:status%3Dactive");
        var twoParameters = EntryKey(policy, "?search=x&status=active");

        injected.Should().NotBe(twoParameters);
    }

    [Test]
    public void Build_DifferentActions_DifferentKeys()
    {
        var policy = Policy();

        var key = Build(Context(""), Action("api/v1/admin/dashboard/trip-activity"), policy).EntryKey;
        var other = Build(Context(""), Action("api/v1/admin/dashboard/safety-events-breakdown"), policy).EntryKey;

        key.Should().NotBe(other);
    }

    [Test]
    public void Build_RouteValue_GenerationsOfPrefixAndScope()
    {
        var policy = Policy(prefix: "driver_detail", routeParameters: ["driver_id"]);
        var context = Context("", routeValues: new RouteValueDictionary { ["driver_id"] = "DRV-0001" });

        var request = Build(context, Action("api/v1/admin/drivers/{driver_id}/details"), policy);

        var stripe = Layout.StripeForScope("driver_detail", "DRV-0001");
        request.GenerationKeys.Should().Equal(Layout.Generation(stripe), Layout.ScopeGeneration("driver_detail", "DRV-0001"));
        request.EntryKey.Should().StartWith($"t:{{{stripe.Tag}}}:e:", "the entry lives in its scope's stripe, with its generations");
    }

    [Test]
    public void Build_DifferentRouteValues_DifferentKeys()
    {
        var policy = Policy(prefix: "driver_detail", routeParameters: ["driver_id"]);
        var action = Action("api/v1/admin/drivers/{driver_id}/details");

        var one = Build(Context("", routeValues: new RouteValueDictionary { ["driver_id"] = "DRV-0001" }), action, policy);
        var two = Build(Context("", routeValues: new RouteValueDictionary { ["driver_id"] = "DRV-0002" }), action, policy);

        two.EntryKey.Should().NotBe(one.EntryKey);
        two.GenerationKeys[1].Should().NotBe(one.GenerationKeys[1]);
    }

    [TestCase("abc")]
    [TestCase("DRV-00001")]
    [TestCase("DRV-1")]
    [TestCase("../../etc/passwd")]
    [TestCase("DRV-0001\u0000")]
    [TestCase("")]
    public void Build_RouteValueThatFailsItsFormat_NoKeyAtAll(string driverId)
    {
        // No key means no lookup: a malformed id never creates a generation key in the store.
        var policy = Policy(prefix: "driver_detail", routeParameters: ["driver_id"]);
        var context = Context("", routeValues: new RouteValueDictionary { ["driver_id"] = driverId });

        Builder.Build(context, Action("api/v1/admin/drivers/{driver_id}/details"), policy).Should().BeNull();
    }

    [Test]
    public void Build_NoRouteParameters_OnlyPrefixGeneration()
    {
        var policy = Policy();

        var request = Build(Context(""), Action("api/v1/admin/dashboard/trip-activity"), policy);

        var variantHash = request.EntryKey[(request.EntryKey.LastIndexOf(':') + 1)..];
        var stripe = Layout.StripeForVariant("trip_activity", variantHash);
        request.GenerationKeys.Should().Equal(Layout.Generation(stripe));
        request.EntryKey.Should().Be(Layout.Entry(stripe, variantHash), "the entry lives in the stripe its hash picks");
    }

    [Test]
    public void Build_UserScopeDifferentUsers_DifferentKeys()
    {
        var policy = Policy(scope: CacheScope.User);

        var alice = EntryKey(policy, "", User("alice", "admin"));
        var bob = EntryKey(policy, "", User("bob", "admin"));

        bob.Should().NotBe(alice);
    }

    [Test]
    public void Build_UserScopeSameUser_SameKey()
    {
        var policy = Policy(scope: CacheScope.User);

        var first = EntryKey(policy, "?days=3", User("alice", "admin"));
        var second = EntryKey(policy, "?days=3", User("alice", "admin"));

        second.Should().Be(first);
    }

    [Test]
    public void Build_RoleScopeDifferentRoles_DifferentKeys()
    {
        var policy = Policy(scope: CacheScope.Role);

        var admin = EntryKey(policy, "", User("alice", "admin"));
        var viewer = EntryKey(policy, "", User("alice", "viewer"));

        viewer.Should().NotBe(admin);
    }

    [Test]
    public void Build_RoleScopeSameRoleDifferentUsers_SameKey()
    {
        var policy = Policy(scope: CacheScope.Role);

        var alice = EntryKey(policy, "", User("alice", "viewer"));
        var bob = EntryKey(policy, "", User("bob", "viewer"));

        bob.Should().Be(alice);
    }

    [Test]
    public void Build_SharedScope_IgnoresUserAndRole()
    {
        var policy = Policy(scope: CacheScope.Shared);

        var alice = EntryKey(policy, "", User("alice", "admin"));
        var bob = EntryKey(policy, "", User("bob", "viewer"));

        bob.Should().Be(alice);
    }

    [TestCase("", "alice", "admin", null)]
    [TestCase("?days=3&status=active", "bob", "viewer", null)]
    [TestCase("?DAYS=03", "carol", "viewer", "DRV-0042")]
    public void Build_RepeatedRequest_SameAnswerAsAFreshBuilder(string query, string user, string role, string? driver)
    {
        var policy = Policy(scope: CacheScope.User, routeParameters: driver is null ? [] : ["driver_id"]);
        var action = Action(driver is null ? "api/v1/admin/dashboard/trip-activity" : "api/v1/admin/drivers/{driver_id}/details");
        HttpContext Request() => Context(query, User(user, role), driver is null ? null : new RouteValueDictionary { ["driver_id"] = driver });

        var first = Build(Request(), action, policy);
        var again = Build(Request(), action, policy);
        var fresh = new CacheKeyBuilder(Layout).Build(Request(), action, policy)!;

        again.Should().BeSameAs(first, "the second request is answered from the memo");
        first.EntryKey.Should().Be(fresh.EntryKey);
        first.GenerationKeys.Should().Equal(fresh.GenerationKeys);
        Build(Context(query, User(user + "-other", role), driver is null ? null : new RouteValueDictionary { ["driver_id"] = driver }), action, policy)
            .EntryKey.Should().NotBe(first.EntryKey, "another user of a per-user response is another entry, memo or not");
    }

    [Test]
    public void Build_MoreDistinctRequestsThanTheMemoHolds_KeysStayRight()
    {
        var builder = new CacheKeyBuilder(Layout);
        var policy = Policy();
        var action = Action("api/v1/admin/dashboard/trip-activity");
        var expected = builder.Build(Context("?days=30"), action, policy)!.EntryKey;

        for (var i = 0; i < CacheKeyBuilder.MemoCapacity + 10; i++)
        {
            builder.Build(Context($"?days=30&unbound={i}"), action, policy)!.EntryKey.Should().Be(expected);
        }

        builder.Build(Context("?days=31"), action, policy)!.EntryKey.Should().NotBe(expected);
    }

    private static CacheRequest Build(HttpContext context, ActionDescriptor action, CachePolicy policy) =>
        Builder.Build(context, action, policy) ?? throw new AssertionException("no key was built");

    private static CachePolicy Policy(string prefix = "trip_activity", CacheScope scope = CacheScope.Shared, string[]? routeParameters = null) =>
        new(prefix, TimeSpan.FromMinutes(5), scope,
            (routeParameters ?? []).Select(name => new RouteParameter(name, CacheableRouteValues.RuleFor(name)!)).ToList(),
            new Dictionary<string, QueryParameter>(StringComparer.OrdinalIgnoreCase)
            {
                ["days"] = new("days", typeof(int), "7"),
                ["search"] = new("search", typeof(string), null),
                ["status"] = new("status", typeof(string), null),
            });

    private static string EntryKey(CachePolicy policy, string query, ClaimsPrincipal? user = null) =>
        Build(Context(query, user), Action("api/v1/admin/dashboard/trip-activity"), policy).EntryKey;

    // One descriptor per template, as MVC has one per action: every test here also runs through the builder's memo.
    private static ActionDescriptor Action(string template) =>
        Descriptors.GetOrAdd(template, t => new ActionDescriptor { AttributeRouteInfo = new AttributeRouteInfo { Template = t } });

    private static DefaultHttpContext Context(string query, ClaimsPrincipal? user = null, RouteValueDictionary? routeValues = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(query);
        context.Request.RouteValues = routeValues ?? [];
        context.User = user ?? new ClaimsPrincipal(new ClaimsIdentity());
        return context;
    }

    private static ClaimsPrincipal User(string subject, string role) =>
        new(new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)], "test"));
}
