using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Domain.Users;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FleetTelematics.Tests.Api.Features.Auth;

[Category(TestKinds.Unit)]
public sealed class UserDirectoryTests
{
    private FakeUserRoleSource _source = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;
    private UserDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _source = new FakeUserRoleSource();
        _source.Users["admin"] = UserRole.Admin;
        _source.Users["viewer"] = UserRole.Viewer;
        _logs = new CapturingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs));
        _directory = new UserDirectory(_source, _loggerFactory.CreateLogger<UserDirectory>());
    }

    [TearDown]
    public void DisposeLogging()
    {
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task FindRole_AfterRefresh_AnswersFromSnapshotWithoutReading()
    {
        await _directory.RefreshAsync(CancellationToken.None);

        var admin = await _directory.FindRoleAsync("admin", CancellationToken.None);
        var viewer = await _directory.FindRoleAsync("viewer", CancellationToken.None);
        var nobody = await _directory.FindRoleAsync("nobody", CancellationToken.None);

        (admin, viewer, nobody).Should().Be(("admin", "viewer", (string?)null));
        _source.Reads.Should().Be(1, "lookups are dictionary reads, not queries");
    }

    [Test]
    public async Task FindRole_NeverLoaded_ReadsOnFirstNeed()
    {
        var role = await _directory.FindRoleAsync("viewer", CancellationToken.None);

        role.Should().Be("viewer");
        _directory.IsLoaded.Should().BeTrue();
    }

    [Test]
    public async Task FindRole_NeverLoadedAndSourceFails_ThrowsTheSourceError()
    {
        _source.Failure = new TimeoutException("database down");

        var find = async () => await _directory.FindRoleAsync("admin", CancellationToken.None);

        await find.Should().ThrowAsync<TimeoutException>().WithMessage("database down");
        _directory.IsLoaded.Should().BeFalse();
    }

    [Test]
    public async Task FindRole_NeverLoadedSourceRecovers_NextCallReadsAgain()
    {
        _source.Failure = new TimeoutException("database down");
        var failed = async () => await _directory.FindRoleAsync("admin", CancellationToken.None);
        await failed.Should().ThrowAsync<TimeoutException>();

        _source.Failure = null;
        var role = await _directory.FindRoleAsync("admin", CancellationToken.None);

        role.Should().Be("admin");
        _source.Reads.Should().Be(2);
    }

    [Test]
    public async Task FindRole_ConcurrentFirstNeed_ReadsOnce()
    {
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookups = Enumerable.Range(0, 20).Select(_ => _directory.FindRoleAsync("admin", CancellationToken.None).AsTask()).ToList();

        _source.Gate.SetResult();
        var roles = await Task.WhenAll(lookups);

        roles.Should().AllBe("admin");
        _source.Reads.Should().Be(1);
    }

    [Test]
    public async Task Refresh_UserDeletedOrRoleChanged_SnapshotFollows()
    {
        await _directory.RefreshAsync(CancellationToken.None);
        _source.Users.Remove("admin");
        _source.Users["viewer"] = UserRole.Admin;

        await _directory.RefreshAsync(CancellationToken.None);

        (await _directory.FindRoleAsync("admin", CancellationToken.None)).Should().BeNull();
        (await _directory.FindRoleAsync("viewer", CancellationToken.None)).Should().Be("admin");
    }

    [Test]
    public async Task Refresh_SourceFailsAfterLoad_KeepsLastSnapshotAndLogsWarning()
    {
        await _directory.RefreshAsync(CancellationToken.None);
        _source.Failure = new TimeoutException("database down");

        await _directory.RefreshAsync(CancellationToken.None);

        (await _directory.FindRoleAsync("admin", CancellationToken.None)).Should().Be("admin");
        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 211)
            .Which.Message.Should().Contain("keeps the last snapshot of 2 users");
    }

    [Test]
    public async Task Refresh_SourceFailsBeforeAnyLoad_LogsWarningAndDoesNotThrow()
    {
        _source.Failure = new TimeoutException("database down");

        var refresh = () => _directory.RefreshAsync(CancellationToken.None);

        await refresh.Should().NotThrowAsync();
        _directory.IsLoaded.Should().BeFalse();
        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 212);
    }
}
