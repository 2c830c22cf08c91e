namespace FleetTelematics.Api.Caching;

/// <summary>A bound query parameter: its type (to canonicalise values) and its default in canonical form.</summary>
public sealed record QueryParameter(string Name, Type Type, string? CanonicalDefault)
{
    /// <summary>The value as the action sees it, so <c>07</c> and <c>7</c> share an entry; unparseable values stay as sent.</summary>
    public string? Canonicalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            // MVC binds an empty value of a string as null, i.e. as if it were absent.
            return Type == typeof(string) ? null : value;
        }

        var target = Nullable.GetUnderlyingType(Type) ?? Type;
        if (target == typeof(int) && int.TryParse(value, System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return value;
    }
}
