namespace FleetTelematics.Tests.Support;

/// <summary>
/// Test categories. <see cref="Unit"/> tests do no I/O — no database, no Redis, no process, no file — so
/// <c>./test.sh --unit</c> runs them in seconds without starting any service; everything else is integration,
/// end-to-end (processes, browser, the TypeScript client) or deployment (files, promtool).
/// </summary>
public static class TestKinds
{
    public const string Unit = "Unit";
}
