using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using BenchmarkDotNet.Attributes;
using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Bench.HitPath;

/// <summary>
/// The pieces a local hit runs after Kestrel, authentication and authorization: the key, the local lookup, the
/// response write; and the bearer token check with and without remembering. Bytes allocated per operation are the
/// figure that matters (the machine is shared, so times are indicative).
/// </summary>
[MemoryDiagnoser]
public class HitPathBenchmarks
{
    private const string Summary = "api/v1/admin/dashboard/summary";
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("bench-signing-key-0123456789abcdef-0123456789abcdef"));

    private readonly CacheKeyBuilder _keys = new(new CacheKeyLayout("fleet"));
    private readonly NearCache _near = new(64L << 20);
    private readonly ActionDescriptor _summaryAction = new() { AttributeRouteInfo = new AttributeRouteInfo { Template = Summary } };
    private readonly ActionDescriptor _listAction = new() { AttributeRouteInfo = new AttributeRouteInfo { Template = "api/v1/admin/drivers" } };
    private readonly CachePolicy _summaryPolicy = new("dashboard_summary", TimeSpan.FromSeconds(60), CacheScope.Shared, [],
        new Dictionary<string, QueryParameter>());
    private readonly CachePolicy _listPolicy = new("drivers_list", TimeSpan.FromSeconds(120), CacheScope.Shared, [],
        new Dictionary<string, QueryParameter>(StringComparer.OrdinalIgnoreCase)
        {
            ["limit"] = new("limit", typeof(int), "100"),
            ["sort"] = new("sort", typeof(string), "driver_id"),
            ["search"] = new("search", typeof(string), null),
        });

    private readonly RememberingTokenHandler _remembering = new(TimeProvider.System);
    private readonly JsonWebTokenHandler _plain = new();
    private readonly TokenValidationParameters _parameters = new()
    {
        ValidIssuer = "fleet-telematics",
        ValidAudience = "fleet-telematics-admin",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
    };

    private DefaultHttpContext _summaryContext = null!;
    private DefaultHttpContext _listContext = null!;
    private CacheEntry _summaryEntry = null!;
    private CacheEntry _listEntry = null!;
    private string _summaryKey = null!;
    private string _token = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _near.ServeUntil(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3600);
        _summaryContext = Context("");
        _listContext = Context("?limit=100&sort=-risk_score&search=smith");
        _summaryEntry = Entry(716, []);
        _listEntry = Entry(30_000, [new("X-Total-Count", "2000"), new("Link", "</api/v1/admin/drivers?skip=100&limit=100>; rel=\"next\"")]);
        var request = _keys.Build(_summaryContext, _summaryAction, _summaryPolicy)!;
        _summaryKey = request.EntryKey;
        _near.Offer(_near.Epoch, request.EntryKey, _summaryEntry, 716, request.GenerationKeys, ["token"]);
        var list = _keys.Build(_listContext, _listAction, _listPolicy)!;
        _near.Offer(_near.Epoch, list.EntryKey, _listEntry, 30_000, list.GenerationKeys, ["token"]);

        _token = _plain.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "fleet-telematics",
            Audience = "fleet-telematics-admin",
            Expires = DateTime.UtcNow.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", "admin"), new Claim("role", "admin")]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        await _remembering.ValidateTokenAsync(_token, _parameters);
    }

    [Benchmark]
    public CacheRequest? KeySummary() => _keys.Build(_summaryContext, _summaryAction, _summaryPolicy);

    [Benchmark]
    public CacheRequest? KeyDriverListWithQuery() => _keys.Build(_listContext, _listAction, _listPolicy);

    [Benchmark]
    public bool LocalLookup() => _near.TryGet(_summaryKey, out _);

    [Benchmark]
    public Task WriteSummaryHit() => WriteAsync(_summaryContext, _summaryEntry);

    [Benchmark]
    public Task WriteDriverListHit() => WriteAsync(_listContext, _listEntry);

    [Benchmark]
    public async Task<bool> WholeLocalHitSummary()
    {
        var request = _keys.Build(_summaryContext, _summaryAction, _summaryPolicy)!;
        if (!_near.TryGet(request.EntryKey, out var copy))
        {
            return false;
        }

        await WriteAsync(_summaryContext, (CacheEntry)copy);
        return true;
    }

    [Benchmark]
    public Task<TokenValidationResult> TokenRemembered() => _remembering.ValidateTokenAsync(_token, _parameters);

    [Benchmark]
    public Task<TokenValidationResult> TokenValidatedEachTime() => _plain.ValidateTokenAsync(_token, _parameters);

    private static Task WriteAsync(DefaultHttpContext context, CacheEntry entry)
    {
        context.Response.Headers.Clear();
        return CachedEntryResult.WriteAsync(context, entry, CachedEntryResult.Hit, TimeProvider.System);
    }

    private static DefaultHttpContext Context(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(query);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        return context;
    }

    private static CacheEntry Entry(int size, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new(new byte[size], "application/json; charset=utf-8", "\"0123456789abcdef0123456789abcdef\"", DateTimeOffset.UtcNow,
            headers, ["token"]);
}
