namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents a request field whose null means something (<c>vehicle_id: null</c> unassigns), where the C# type cannot
/// say it: an <c>Optional&lt;T&gt;</c> field is a struct, and null is refused for its neighbours of the same type.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AcceptsNullAttribute : Attribute;
