using System.Globalization;
using System.Text;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Encodes any .NET string — lone surrogates and NULs included — exactly as a hostile client would send it, where the
/// framework's own encoders would refuse or silently repair it.
/// </summary>
public static class HostileText
{
    /// <summary>Percent-encodes every byte of the string's UTF-8 form (lone surrogates become U+FFFD, as on the wire).</summary>
    public static string Percent(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>A JSON string literal escaping every UTF-16 code unit outside printable ASCII, lone surrogates kept.</summary>
    public static string Json(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body of the given fields.</summary>
    public static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Percent(f.Name)}={Percent(f.Value)}"));
}
