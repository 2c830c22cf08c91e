namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents a request field the client must send, and not as null, where the action's own validation enforces it
/// with its own message (a <c>[Required]</c> would answer before that validation and change the answer). On a field
/// that several bodies share, <see cref="OnlyIn"/> names the body that requires it (a create, not a patch).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class RequiredInRequestAttribute(Type? onlyIn = null) : Attribute
{
    public Type? OnlyIn { get; } = onlyIn;
}
