using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// The per-address login limit (default 20 failures) under concurrent guessing over many usernames, through the
/// real API. A fixture of its own, so no other test has spent this address's failures.
/// </summary>
public sealed class AddressLoginThrottleTests : ApiTestFixture
{
    [Test]
    public async Task Token_ThirtyConcurrentWrongPasswordsFromOneAddress_AtMostTwentyUnauthorizedRestThrottled()
    {
        var responses = await ConcurrentLogins.WrongPasswordsAsync(Anonymous, Enumerable.Range(0, 30).Select(i => $"guess-{i}"));

        var unauthorized = await ConcurrentLogins.CountUnauthorizedAsync(responses);

        unauthorized.Should().BeInRange(1, 20);
    }
}
