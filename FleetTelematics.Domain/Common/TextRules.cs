namespace FleetTelematics.Domain.Common;

/// <summary>
/// What text a client may send at all, whatever the field: no control characters (PostgreSQL refuses NUL outright, and
/// the others are never part of a name, an address or a search), no lone UTF-16 surrogates (they cannot be stored as
/// UTF-8) and no non-characters. Letters, marks, symbols and emoji of every script are welcome.
/// </summary>
public static class TextRules
{
    /// <summary>True when every character of <paramref name="text"/> may be stored and compared.</summary>
    public static bool IsClean(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The message a client gets for a value that is not clean.</summary>
    public static string Describe(string field) =>
        $"{field} must not contain control characters (such as NUL), lone surrogates or non-characters.";
}
