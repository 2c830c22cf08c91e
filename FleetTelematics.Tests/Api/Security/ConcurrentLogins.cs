using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>Fires wrong-password logins all at once and sorts the answers.</summary>
internal static class ConcurrentLogins
{
    public static async Task<IReadOnlyList<HttpResponseMessage>> WrongPasswordsAsync(HttpClient client, IEnumerable<string> usernames)
    {
        // Start them together: the point is that none waits for another's answer before it is sent.
        using var start = new SemaphoreSlim(0);
        var attempts = usernames.Select(async username =>
        {
            await start.WaitAsync();
            return await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = username,
                ["password"] = "certainly-wrong",
            }));
        }).ToList();
        start.Release(attempts.Count);
        return await Task.WhenAll(attempts);
    }

    /// <summary>Every answer is a 401 or a 429 problem, and every 429 says when to retry; returns the 401s.</summary>
    public static async Task<int> CountUnauthorizedAsync(IReadOnlyList<HttpResponseMessage> responses)
    {
        var unauthorized = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
                unauthorized++;
            }
            else
            {
                await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
                response.Headers.RetryAfter?.Delta.Should().BePositive();
            }

            response.Dispose();
        }

        return unauthorized;
    }
}
