using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// The cache policies and invalidation plans of every action, built once from endpoint metadata. Building it checks
/// the declarations: an invalidation pattern that matches no cached prefix, or names a route value its action does
/// not have, is a start-up error rather than a silent no-op.
/// </summary>
public sealed class CachePolicyRegistry
{
    private readonly Dictionary<string, CachePolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<InvalidationTarget>> _invalidations = new(StringComparer.Ordinal);

    public CachePolicyRegistry(IActionDescriptorCollectionProvider actions, IOptions<ResponseCachingOptions> options)
    {
        var controllerActions = actions.ActionDescriptors.Items.OfType<ControllerActionDescriptor>().ToList();
        foreach (var action in controllerActions)
        {
            if (action.EndpointMetadata.OfType<CachedResponseAttribute>().FirstOrDefault() is { } cached)
            {
                _policies[action.Id] = BuildPolicy(action, cached, options.Value);
            }
        }

        Prefixes = _policies.Values.Select(p => p.Prefix).ToHashSet(StringComparer.Ordinal);
        foreach (var action in controllerActions)
        {
            if (action.EndpointMetadata.OfType<InvalidatesCacheAttribute>().FirstOrDefault() is { } invalidates)
            {
                _invalidations[action.Id] = invalidates.Patterns.SelectMany(p => Resolve(action, p)).ToList();
            }
        }
    }

    /// <summary>Every cached prefix; wildcard patterns expand against this set.</summary>
    public IReadOnlySet<string> Prefixes { get; }

    public CachePolicy? PolicyFor(string actionId) => _policies.GetValueOrDefault(actionId);

    public IReadOnlyList<InvalidationTarget> InvalidationsFor(string actionId) =>
        _invalidations.GetValueOrDefault(actionId) ?? [];

    private static CachePolicy BuildPolicy(ControllerActionDescriptor action, CachedResponseAttribute cached, ResponseCachingOptions options)
    {
        if (cached.TtlSeconds < 1 || string.IsNullOrWhiteSpace(cached.Prefix) || cached.Prefix.IndexOfAny([':', '*', '{', '}']) >= 0)
        {
            throw new InvalidOperationException(
                $"[CachedResponse] on {action.DisplayName} needs a TTL of at least 1 s and a prefix without ':', '*', '{{' or '}}'.");
        }

        var ttl = options.Ttl.TryGetValue(cached.Prefix, out var seconds) ? seconds : cached.TtlSeconds;
        var routeParameters = action.AttributeRouteInfo?.Template is { } template
            ? RoutePatternFactory.Parse(template).Parameters.Select(p => RouteParameterOf(action, p.Name)).ToList()
            : [];
        return new CachePolicy(cached.Prefix, TimeSpan.FromSeconds(ttl), cached.Scope, routeParameters, QueryParametersOf(action));
    }

    private static RouteParameter RouteParameterOf(ControllerActionDescriptor action, string name) =>
        new(name, CacheableRouteValues.RuleFor(name) ?? throw new InvalidOperationException(
            $"[CachedResponse] on {action.DisplayName}: route value '{name}' has no known format, so a malformed value " +
            "could create cache keys; add its rule to CacheableRouteValues."));

    private static Dictionary<string, QueryParameter> QueryParametersOf(ControllerActionDescriptor action)
    {
        var result = new Dictionary<string, QueryParameter>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in action.Parameters.OfType<ControllerParameterDescriptor>())
        {
            if (parameter.BindingInfo?.BindingSource != Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query)
            {
                continue;
            }

            if (parameter.ParameterType.IsClass && parameter.ParameterType != typeof(string))
            {
                // Without an explicit empty name MVC also binds "parameters.limit", which the key would not see:
                // two requests with different answers would share one entry.
                if (parameter.BindingInfo.BinderModelName is not "")
                {
                    throw new InvalidOperationException(
                        $"[CachedResponse] on {action.DisplayName}: bind the parameters object '{parameter.Name}' with [FromQuery(Name = \"\")] so only plain names bind.");
                }

                // A parameters object: its [FromQuery] properties, with the defaults a fresh instance carries.
                var defaults = Activator.CreateInstance(parameter.ParameterType);
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (property.GetCustomAttribute<FromQueryAttribute>() is { } fromQuery)
                    {
                        Add(result, fromQuery.Name ?? property.Name, property.PropertyType, property.GetValue(defaults));
                    }
                }
            }
            else
            {
                var info = parameter.ParameterInfo;
                Add(result, parameter.BindingInfo.BinderModelName ?? parameter.Name, parameter.ParameterType,
                    info.HasDefaultValue ? info.DefaultValue : null);
            }
        }

        return result;
    }

    private static void Add(Dictionary<string, QueryParameter> parameters, string name, Type type, object? defaultValue)
    {
        var parameter = new QueryParameter(name.ToLowerInvariant(), type, null);
        var text = defaultValue is null ? null : Convert.ToString(defaultValue, System.Globalization.CultureInfo.InvariantCulture);
        parameters[parameter.Name] = parameter with { CanonicalDefault = parameter.Canonicalize(text) };
    }

    private IEnumerable<InvalidationTarget> Resolve(ControllerActionDescriptor action, string pattern)
    {
        var separator = pattern.IndexOf(':');
        var prefixPart = separator < 0 ? pattern : pattern[..separator];
        var scopeTemplate = separator < 0 ? null : pattern[(separator + 1)..];
        var matches = prefixPart.EndsWith('*')
            ? Prefixes.Where(p => p.StartsWith(prefixPart[..^1], StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : Prefixes.Contains(prefixPart) ? [prefixPart] : [];
        if (matches.Count == 0)
        {
            throw new InvalidOperationException(
                $"[InvalidatesCache(\"{pattern}\")] on {action.DisplayName} matches no cached prefix; known prefixes: {string.Join(", ", Prefixes.Order())}.");
        }

        var routeNames = action.AttributeRouteInfo?.Template is { } template
            ? RoutePatternFactory.Parse(template).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        var placeholders = InvalidationTarget.Placeholders(scopeTemplate).ToList();
        if (placeholders.FirstOrDefault(name => !routeNames.Contains(name)) is { } unknown)
        {
            throw new InvalidOperationException(
                $"[InvalidatesCache(\"{pattern}\")] on {action.DisplayName} names {{{unknown}}}, which is not a route value of that action.");
        }

        return matches.Select(prefix => new InvalidationTarget(prefix, scopeTemplate));
    }
}
