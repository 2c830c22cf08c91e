namespace FleetTelematics.Domain.Common;

/// <summary>
/// The public identifier format shared by drivers and vehicles: a fixed prefix and at least four digits
/// (<c>DRV-0001</c>, <c>VEH-12345</c>). The number is the row's key; the text is only its wire form.
/// </summary>
public sealed class EntityCode
{
    private const int MinimumDigits = 4;

    private EntityCode(string prefix) => Prefix = prefix;

    public static EntityCode Driver { get; } = new("DRV-");

    public static EntityCode Vehicle { get; } = new("VEH-");

    public string Prefix { get; }

    public string Format(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return Prefix + number.ToString("D" + MinimumDigits, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses a code in its one canonical form (<c>DRV-0001</c>, never <c>DRV-00001</c>), so every id has exactly one
    /// spelling — caches and invalidations key on the text.
    /// </summary>
    public bool TryParse(string? text, out int number)
    {
        number = 0;
        if (!IsWellFormed(text))
        {
            return false;
        }

        var value = int.Parse(text.AsSpan(Prefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        if (value <= 0 || Format(value) != text)
        {
            return false;
        }

        number = value;
        return true;
    }

    /// <summary>The prefix (case-sensitive, as the contract writes it) and 4 to 9 digits.</summary>
    public bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = text.AsSpan(Prefix.Length);
        if (digits.Length < MinimumDigits || digits.Length > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The SQL expression that renders the code from an integer key column, kept beside <see cref="Format"/>.</summary>
    public string SqlExpression(string column) =>
        $"'{Prefix}' || CASE WHEN {column} < 10000 THEN lpad({column}::text, {MinimumDigits}, '0') ELSE {column}::text END";
}
