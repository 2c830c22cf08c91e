using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>The per-username login limit (default 5 failures) under concurrent guessing, through the real API.</summary>
public sealed class UsernameLoginThrottleTests : ApiTestFixture
{
    [Test]
    public async Task Token_ThirtyConcurrentWrongPasswordsForOneUsername_AtMostFiveUnauthorizedRestThrottled()
    {
        var responses = await ConcurrentLogins.WrongPasswordsAsync(Anonymous, Enumerable.Repeat("admin", 30));

        var unauthorized = await ConcurrentLogins.CountUnauthorizedAsync(responses);

        unauthorized.Should().BeInRange(1, 5);
    }
}
