namespace FleetTelematics.Tests.Faults;

/// <summary>
/// How the acknowledged writes fared: how many there were, how many ended in a state the write history allows
/// (see <see cref="WriteCheck"/>), and a line per driver field that did not.
/// </summary>
public sealed record WriteCheckResult(int Attempted, int Acknowledged, int Checked, IReadOnlyList<string> Failures);
