namespace FleetTelematics.Api.Caching;

/// <summary>
/// A route value that becomes part of a cache key and of a generation key, with the rule that admits it. A value the
/// rule refuses (a malformed id) never reaches the store: otherwise any client could create a generation key per
/// invented id.
/// </summary>
public sealed record RouteParameter(string Name, Func<string?, bool> Admits);
