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

    /// <summary>Parses a code such as <c>DRV-0001</c>; the prefix is case-sensitive, as the contract writes it.</summary>
    public bool TryParse(string? text, out int number)
    {
        number = 0;
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

        number = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return number > 0;
    }

    /// <summary>The SQL expression that renders the code from an integer key column, kept beside <see cref="Format"/>.</summary>
    public string SqlExpression(string column) =>
        $"'{Prefix}' || CASE WHEN {column} < 10000 THEN lpad({column}::text, {MinimumDigits}, '0') ELSE {column}::text END";
}
