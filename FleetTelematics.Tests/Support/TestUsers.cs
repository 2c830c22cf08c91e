using FleetTelematics.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>Users written straight into a test database, as an operator's SQL would, behind the API's back.</summary>
public static class TestUsers
{
    public static async Task InsertAsync(NpgsqlDataSource database, string username, string password, UserRole role)
    {
        var user = new User { Username = username, PasswordHash = "", Role = role };
        var hash = new PasswordHasher<User>().HashPassword(user, password);
        await using var command = database.CreateCommand(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, $2, $3, now())");
        command.Parameters.Add(new NpgsqlParameter { Value = username });
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)role });
        await command.ExecuteNonQueryAsync();
    }
}
