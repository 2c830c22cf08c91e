using System.Text.RegularExpressions;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>A gateway's own id of a record: 1–64 characters of <c>A-Z a-z 0-9 _ . : -</c>, unique per kind.</summary>
public static partial class ExternalIds
{
    public const int MaxLength = 64;

    public const string Rule = "must be 1–64 characters of A-Z a-z 0-9 _ . : -";

    public static bool IsValid(string? text) => text is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(text);

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
