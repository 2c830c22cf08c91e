using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Builds a request's cache key from everything its response depends on: the action, its route values, its bound
/// query parameters after normalising (name case and order ignored, defaults dropped, values canonicalised) and, where
/// the policy says so, the caller's role or identity. Parameters the action does not bind are ignored, so a client
/// cannot fill the cache by appending random ones.
/// </summary>
public sealed class CacheKeyBuilder(CacheKeyLayout layout)
{
    /// <summary>Distinct requests remembered; past it the memo starts again empty (client query strings vary freely).</summary>
    public const int MemoCapacity = 4096;

    // Hits repeat the same few requests: remembering each one's key saves its hashing and about 1–2 KB per hit.
    private readonly ConcurrentDictionary<MemoKey, CacheRequest> _memo = new();

    /// <summary>
    /// The request's key and generations, or null when a route value fails its format: such a request is answered
    /// (400 or 404) without the cache, so it creates no key.
    /// </summary>
    public CacheRequest? Build(HttpContext context, ActionDescriptor action, CachePolicy policy)
    {
        if (policy.RouteParameters.Count > 1)
        {
            return Compute(context, action, policy);
        }

        // Everything the key is made of: the action (through its policy), the raw query, the route value, the scope.
        var memoKey = new MemoKey(action, policy.Prefix, context.Request.QueryString.Value ?? "",
            policy.RouteParameters.Count == 1 ? Convert.ToString(context.Request.RouteValues[policy.RouteParameters[0].Name],
                System.Globalization.CultureInfo.InvariantCulture) : null,
            ScopeValue(context, policy.Scope));
        if (_memo.TryGetValue(memoKey, out var known))
        {
            return known;
        }

        var request = Compute(context, action, policy);
        if (request is not null)
        {
            if (_memo.Count >= MemoCapacity)
            {
                _memo.Clear();
            }

            _memo[memoKey] = request;
        }

        return request;
    }

    private CacheRequest? Compute(HttpContext context, ActionDescriptor action, CachePolicy policy)
    {
        var routeValues = context.Request.RouteValues;
        foreach (var parameter in policy.RouteParameters)
        {
            if (!parameter.Admits(Convert.ToString(routeValues[parameter.Name], System.Globalization.CultureInfo.InvariantCulture)))
            {
                return null;
            }
        }

        var variant = new StringBuilder(128).Append("a:").Append(action.AttributeRouteInfo?.Template).Append('\n');
        var scopes = new List<string>(policy.RouteParameters.Count);
        var scope = new StringBuilder();
        foreach (var (name, _) in policy.RouteParameters)
        {
            var value = Convert.ToString(routeValues[name], System.Globalization.CultureInfo.InvariantCulture);
            variant.Append("r:").Append(name).Append('=').Append(Escape(value)).Append('\n');
            scope.Append(scope.Length == 0 ? "" : ":").Append(value);
            scopes.Add(scope.ToString());
        }

        AppendQuery(variant, context.Request.Query, policy);
        AppendScope(variant, context, policy.Scope);
        var variantHash = Hash(variant.ToString());

        // A scoped entry lives in its scope's stripe, with the generations of every level of that scope; an unscoped
        // one in the stripe its hash picks. Either way the entry and its generations share one hash tag.
        var stripe = scopes.Count > 0 ? layout.StripeForScope(policy.Prefix, scopes[0]) : layout.StripeForVariant(policy.Prefix, variantHash);
        var generations = new List<string>(1 + scopes.Count) { layout.Generation(stripe) };
        generations.AddRange(scopes.Select(s => layout.Generation(stripe, s)));
        return new CacheRequest(policy, layout.Entry(stripe, variantHash), generations);
    }

    private static void AppendQuery(StringBuilder variant, IQueryCollection query, CachePolicy policy)
    {
        var parts = new List<string>(query.Count);
        foreach (var (name, values) in query)
        {
            if (!policy.QueryParameters.TryGetValue(name, out var parameter))
            {
                continue;
            }

            var canonical = values.Select(parameter.Canonicalize).ToArray();
            if (canonical.Length == 1 && (canonical[0] is null || canonical[0] == parameter.CanonicalDefault))
            {
                continue;
            }

            parts.Add($"q:{parameter.Name}={string.Join(',', canonical.Select(Escape))}");
        }

        parts.Sort(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            variant.Append(part).Append('\n');
        }
    }

    private static void AppendScope(StringBuilder variant, HttpContext context, CacheScope scope)
    {
        switch (scope)
        {
            case CacheScope.Role:
                variant.Append("s:role=").Append(ScopeValue(context, scope)).Append('\n');
                break;
            case CacheScope.User:
                variant.Append("s:user=").Append(ScopeValue(context, scope)).Append('\n');
                break;
        }
    }

    /// <summary>The caller's part of the key: its roles or its identity, escaped; nothing for shared responses.</summary>
    private static string? ScopeValue(HttpContext context, CacheScope scope) => scope switch
    {
        CacheScope.Role => string.Join(',', context.User.FindAll(Policies.RoleClaim).Select(c => c.Value)
            .Order(StringComparer.Ordinal).Select(Escape)),
        CacheScope.User => Escape(context.User.FindFirst("sub")?.Value ?? context.User.Identity?.Name),
        _ => null,
    };

    /// <summary>
    /// Every client-supplied piece is percent-encoded, so no value can contain the separators and forge the key of
    /// another request (a search text holding "\nq:status=active" must not share the key of two parameters).
    /// </summary>
    private static string Escape(string? value) => value is null ? "\u0000" : Uri.EscapeDataString(value);

    // The action stands for its policy (the registry has one per action); descriptors compare by reference.
    private readonly record struct MemoKey(ActionDescriptor Action, string Prefix, string Query, string? RouteValue, string? Scope);

    private static string Hash(string variant)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(variant), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
