namespace FleetTelematics.Domain.Users;

public enum UserRole : short
{
    /// <summary>Reads and writes everything.</summary>
    Admin = 1,

    /// <summary>Reads everything, writes nothing.</summary>
    Viewer = 2,

    /// <summary>A vehicle gateway: pushes trips and safety events, reads nothing.</summary>
    Ingest = 3,
}
