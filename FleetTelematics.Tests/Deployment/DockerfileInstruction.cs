namespace FleetTelematics.Tests.Deployment;

/// <summary>One Dockerfile instruction (<c>FROM</c>, <c>COPY</c>, ...) with its continuation lines joined.</summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments, int Stage)
{
    public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The instructions in order; <see cref="Stage"/> counts the <c>FROM</c> lines seen so far, from 1.</summary>
    public static IReadOnlyList<DockerfileInstruction> Parse(string text)
    {
        var instructions = new List<DockerfileInstruction>();
        var stage = 0;
        var pending = "";
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            if (full.Length == 0)
            {
                continue;
            }

            var parts = full.Split(' ', 2);
            var keyword = parts[0].ToUpperInvariant();
            stage += keyword == "FROM" ? 1 : 0;
            instructions.Add(new DockerfileInstruction(keyword, parts.Length > 1 ? parts[1].Trim() : "", stage));
        }

        return instructions;
    }
}
