namespace FleetTelematics.Domain.Users;

public enum UserRole : short
{
    /// <summary>Reads and writes everything.</summary>
    Admin = 1,

    /// <summary>Reads everything, writes nothing.</summary>
    Viewer = 2,
}
