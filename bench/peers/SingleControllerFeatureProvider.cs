using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace FleetTelematics.Bench.Peers;

/// <summary>Makes MVC see one controller only: every mode's controller serves the same route.</summary>
public sealed class SingleControllerFeatureProvider(Type controller) : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo) => typeInfo.AsType() == controller;
}
