namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents a request field the client must send, and not as null, where the action's own validation enforces it
/// with its own message (a <c>[Required]</c> would answer before that validation and change the answer).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredInRequestAttribute : Attribute;
