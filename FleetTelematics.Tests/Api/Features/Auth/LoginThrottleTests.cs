using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Domain.Users;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features.Auth;

/// <summary>The throttle on its own, with password checks that take time the way PBKDF2 does.</summary>
[Category(TestKinds.Unit)]
public sealed class LoginThrottleTests
{
    private static readonly User Someone = new() { Username = "someone", PasswordHash = "" };

    private LoginThrottle _throttle = null!;
    private int _verifications;

    [SetUp]
    public void CreateThrottle()
    {
        _throttle = new LoginThrottle(new LoginThrottleOptions { FailuresPerUsername = 5, FailuresPerAddress = 20 });
        _verifications = 0;
    }

    [TearDown]
    public void DisposeThrottle() => _throttle.Dispose();

    [Test]
    public async Task AttemptAsync_ThirtyConcurrentWrongPasswordsForOneUsername_VerifiesOnlyTheBudget()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            _throttle.AttemptAsync("admin", $"10.0.0.{i}", SlowVerify(null), CancellationToken.None)));

        _verifications.Should().Be(5);
        attempts.Count(a => a.RetryAfter is null).Should().Be(5);
        attempts.Where(a => a.RetryAfter is not null).Should().HaveCount(25).And.OnlyContain(a => a.RetryAfter > TimeSpan.Zero);
    }

    [Test]
    public async Task AttemptAsync_ThirtyConcurrentWrongPasswordsFromOneAddress_VerifiesOnlyTheAddressBudget()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            _throttle.AttemptAsync($"user-{i}", "10.0.0.1", SlowVerify(null), CancellationToken.None)));

        _verifications.Should().Be(20);
        attempts.Count(a => a.RetryAfter is not null).Should().Be(10);
    }

    [Test]
    public async Task AttemptAsync_CorrectPasswords_SpendNoFailurePermits()
    {
        for (var i = 0; i < 10; i++)
        {
            (await _throttle.AttemptAsync("admin", "10.0.0.1", SlowVerify(Someone), CancellationToken.None)).User.Should().Be(Someone);
        }

        var wrong = new List<LoginAttempt>();
        for (var i = 0; i < 5; i++)
        {
            wrong.Add(await _throttle.AttemptAsync("admin", "10.0.0.1", SlowVerify(null), CancellationToken.None));
        }

        wrong.Should().OnlyContain(a => a.RetryAfter == null, "ten successes left all five failure permits");
        (await _throttle.AttemptAsync("admin", "10.0.0.1", SlowVerify(Someone), CancellationToken.None)).RetryAfter.Should().NotBeNull();
    }

    [Test]
    public async Task AttemptAsync_UsernameDiffersOnlyInCaseAndSpaces_SharesOneBudget()
    {
        foreach (var name in new[] { "Admin", " admin", "ADMIN ", "admin", "aDmin" })
        {
            await _throttle.AttemptAsync(name, $"10.0.1.{name.Length}", SlowVerify(null), CancellationToken.None);
        }

        var sixth = await _throttle.AttemptAsync("admin", "10.0.2.1", SlowVerify(null), CancellationToken.None);

        sixth.RetryAfter.Should().NotBeNull();
    }

    [Test]
    public async Task AttemptAsync_CrossedUsernamesAndAddresses_AllComplete()
    {
        // Every attempt shares its username with some and its address with others: a lock order that could
        // deadlock would hang here.
        var attempts = Enumerable.Range(0, 40).Select(i =>
            _throttle.AttemptAsync($"user-{i % 4}", $"10.0.0.{i % 3}", SlowVerify(Someone), CancellationToken.None));

        var all = Task.WhenAll(attempts);

        (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(20)))).Should().BeSameAs(all);
        (await all).Should().OnlyContain(a => a.User == Someone);
    }

    [Test]
    public async Task AttemptAsync_QueueForOneUsernameFull_ThrottledAtOnceWithoutVerifying()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = _throttle.AttemptAsync("admin", "10.0.0.1", async _ =>
        {
            await release.Task;
            return Someone;
        }, CancellationToken.None);
        var queued = Enumerable.Range(0, LoginThrottle.MaxQueuedAttemptsPerKey)
            .Select(i => _throttle.AttemptAsync("admin", $"10.0.1.{i}", SlowVerify(Someone), CancellationToken.None))
            .ToList();

        var overflow = await _throttle.AttemptAsync("admin", "10.0.2.1", SlowVerify(Someone), CancellationToken.None);

        overflow.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        release.SetResult();
        (await holder).User.Should().Be(Someone);
        (await Task.WhenAll(queued)).Should().OnlyContain(a => a.User == Someone);
        _verifications.Should().Be(LoginThrottle.MaxQueuedAttemptsPerKey, "the overflowing attempt never checked a password");
    }

    private Func<CancellationToken, Task<User?>> SlowVerify(User? result) => async cancellationToken =>
    {
        Interlocked.Increment(ref _verifications);
        await Task.Delay(10, cancellationToken);
        return result;
    };
}
