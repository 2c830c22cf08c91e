namespace FleetTelematics.Domain.Users;

public sealed class User
{
    public int Id { get; set; }

    public required string Username { get; set; }

    /// <summary>A salted hash in ASP.NET Core Identity's format; the password itself is never stored.</summary>
    public required string PasswordHash { get; set; }

    public UserRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
