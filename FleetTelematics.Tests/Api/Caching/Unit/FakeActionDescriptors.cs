using System.Reflection;
using FleetTelematics.Api.Caching;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.Extensions.Options;
using Moq;

namespace FleetTelematics.Tests.Api.Caching.Unit;

/// <summary>
/// Controller action descriptors for <see cref="FakeFleetActions"/>, shaped as MVC builds them (endpoint metadata
/// from the method's attributes, parameters with their binding info), and registries built from them.
/// </summary>
internal static class FakeActionDescriptors
{
    public static readonly (string Method, string Template)[] Fleet =
    [
        (nameof(FakeFleetActions.Stats), "api/v1/admin/dashboard/stats"),
        (nameof(FakeFleetActions.Summary), "api/v1/admin/dashboard/summary"),
        (nameof(FakeFleetActions.RiskDistribution), "api/v1/admin/dashboard/risk-distribution"),
        (nameof(FakeFleetActions.TripActivity), "api/v1/admin/dashboard/trip-activity"),
        (nameof(FakeFleetActions.List), "api/v1/admin/drivers"),
        (nameof(FakeFleetActions.Details), "api/v1/admin/drivers/{driver_id}/details"),
        (nameof(FakeFleetActions.Profile), "api/v1/admin/me"),
        (nameof(FakeFleetActions.Uncached), "api/v1/admin/uncached"),
        (nameof(FakeFleetActions.Create), "api/v1/admin/drivers"),
        (nameof(FakeFleetActions.Patch), "api/v1/admin/drivers/{driver_id}"),
    ];

    // One descriptor per action for the whole run: MVC gives each descriptor a random id, which the registry keys on.
    private static readonly Dictionary<string, ControllerActionDescriptor> FleetDescriptors =
        Fleet.ToDictionary(action => action.Method, action => Of(action.Method, action.Template));

    /// <summary>A new descriptor of one action, under any route template.</summary>
    public static ControllerActionDescriptor Of(string method, string template)
    {
        var info = typeof(FakeFleetActions).GetMethod(method) ?? throw new ArgumentException($"no action {method}", nameof(method));
        return new ControllerActionDescriptor
        {
            DisplayName = $"{nameof(FakeFleetActions)}.{method}",
            ControllerName = "FakeFleet",
            ActionName = method,
            MethodInfo = info,
            ControllerTypeInfo = typeof(FakeFleetActions).GetTypeInfo(),
            AttributeRouteInfo = new AttributeRouteInfo { Template = template },
            EndpointMetadata = info.GetCustomAttributes().Cast<object>().ToList(),
            Parameters = info.GetParameters().Select(parameter => (ParameterDescriptor)new ControllerParameterDescriptor
            {
                Name = parameter.Name!,
                ParameterType = parameter.ParameterType,
                ParameterInfo = parameter,
                BindingInfo = BindingInfo.GetBindingInfo(parameter.GetCustomAttributes()),
            }).ToList(),
        };
    }

    /// <summary>The descriptor of one action under its fleet route, the same instance every time.</summary>
    public static ControllerActionDescriptor Of(string method) => FleetDescriptors[method];

    /// <summary>The id the registry knows a fleet action by.</summary>
    public static string Id(string method) => Of(method).Id;

    public static CachePolicyRegistry Registry(ResponseCachingOptions? options = null) => Registry(options, [.. FleetDescriptors.Values]);

    public static CachePolicyRegistry Registry(ResponseCachingOptions? options, params ActionDescriptor[] actions)
    {
        var provider = new Mock<IActionDescriptorCollectionProvider>();
        provider.Setup(p => p.ActionDescriptors).Returns(new ActionDescriptorCollection(actions, version: 1));
        return new CachePolicyRegistry(provider.Object, Options.Create(options ?? new ResponseCachingOptions()));
    }
}
