namespace FleetTelematics.Api.Caching;

/// <summary>Who may share a cached response.</summary>
public enum CacheScope
{
    /// <summary>Every authorized caller gets the same response.</summary>
    Shared,

    /// <summary>The response differs by role: one entry per role.</summary>
    Role,

    /// <summary>The response differs per user: one entry per user.</summary>
    User,
}
