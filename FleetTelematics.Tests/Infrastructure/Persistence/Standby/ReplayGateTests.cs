using System.Diagnostics;
using FleetTelematics.Infrastructure.Persistence.Standby;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Tests.Infrastructure.Persistence.Standby;

[Category(TestKinds.Unit)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReplayGateTests
{
    private static readonly NpgsqlLogSequenceNumber Target = new(0x3000_0000);
    private readonly Mock<IWalPositions> _positions = new(MockBehavior.Strict);

    [Test]
    public async Task WaitForReplay_StandbyAtThePrimarysPosition_CurrentAfterOnePoll()
    {
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);

        var verdict = await Gate().WaitForReplayAsync(CancellationToken.None);

        verdict.Should().Be(StandbyVerdict.Current);
        _positions.Verify(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task WaitForReplay_PrimaryPosition_ReadBeforeTheStandbysAndOnlyOnce()
    {
        var order = new List<string>();
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).Callback(() => order.Add("primary")).ReturnsAsync(Target);
        var replayed = new Queue<NpgsqlLogSequenceNumber>([Target - 100, Target - 1, Target + 5]);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).Callback(() => order.Add("standby"))
            .ReturnsAsync(() => replayed.Dequeue());

        var verdict = await Gate(maxWait: TimeSpan.FromSeconds(5)).WaitForReplayAsync(CancellationToken.None);

        verdict.Should().Be(StandbyVerdict.Current, "the standby passed the position on the third poll");
        order.Should().Equal("primary", "standby", "standby", "standby");
    }

    [Test]
    public async Task WaitForReplay_StandbyStaysBehind_LaggingWithinMaxWait()
    {
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target - 1);
        var started = Stopwatch.GetTimestamp();

        var verdict = await Gate(maxWait: TimeSpan.FromMilliseconds(60)).WaitForReplayAsync(CancellationToken.None);

        verdict.Should().Be(StandbyVerdict.Lagging, "one byte short is not there");
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromMilliseconds(1000));
        _positions.Verify(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()), Times.AtLeast(2), "it polls while it may wait");
    }

    [Test]
    public async Task WaitForReplay_NoWaitAllowed_LaggingAfterOnePoll()
    {
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target - 1);

        var verdict = await Gate(maxWait: TimeSpan.Zero).WaitForReplayAsync(CancellationToken.None);

        verdict.Should().Be(StandbyVerdict.Lagging);
        _positions.Verify(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task WaitForReplay_ServerNotInRecovery_UnavailableAndLeftAloneUntilRetryAfter()
    {
        var clock = new FakeTimeProvider();
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync((NpgsqlLogSequenceNumber?)null);
        var gate = Gate(clock: clock);

        (await gate.WaitForReplayAsync(CancellationToken.None)).Should().Be(StandbyVerdict.Unavailable, "a primary may hold writes ours never had");
        clock.Advance(TimeSpan.FromSeconds(4));
        (await gate.WaitForReplayAsync(CancellationToken.None)).Should().Be(StandbyVerdict.Unavailable);

        _positions.Verify(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()), Times.Once, "within RetryAfter nothing asks it again");
        _positions.Verify(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task WaitForReplay_StandbyFails_UnavailableThenTriedAgainAfterRetryAfter()
    {
        var clock = new FakeTimeProvider();
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.SetupSequence(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(new NpgsqlException("connection refused"))
            .ReturnsAsync(Target);
        var gate = Gate(clock: clock);

        (await gate.WaitForReplayAsync(CancellationToken.None)).Should().Be(StandbyVerdict.Unavailable);
        (await gate.WaitForReplayAsync(CancellationToken.None)).Should().Be(StandbyVerdict.Unavailable, "held off");
        clock.Advance(TimeSpan.FromSeconds(5));

        (await gate.WaitForReplayAsync(CancellationToken.None)).Should().Be(StandbyVerdict.Current, "RetryAfter has passed");
    }

    [Test]
    public async Task WaitForReplay_PrimaryFails_FailureGoesToTheCaller()
    {
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new NpgsqlException("primary down"));

        var wait = async () => await Gate().WaitForReplayAsync(CancellationToken.None);

        await wait.Should().ThrowAsync<NpgsqlException>("the computation would fail on the primary too, and answers as it always has");
    }

    [Test]
    public async Task WaitForReplay_StandbyNeverAnswersTheConnect_UnavailableWithinTheBudget()
    {
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Target);
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>()))
            .Returns(async (CancellationToken token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return Target;
            });
        var started = Stopwatch.GetTimestamp();

        var verdict = await Gate(maxWait: TimeSpan.FromMilliseconds(50)).WaitForReplayAsync(CancellationToken.None);

        verdict.Should().Be(StandbyVerdict.Unavailable);
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    private ReplayGate Gate(TimeSpan? maxWait = null, TimeProvider? clock = null) =>
        new(_positions.Object, StandbyDatabase.None, Options.Create(new StandbyOptions
        {
            MaxWait = maxWait ?? TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(1),
            RetryAfter = TimeSpan.FromSeconds(5),
        }), clock ?? TimeProvider.System, NullLogger<ReplayGate>.Instance);
}
