namespace FleetTelematics.Domain.Common;

/// <summary>Wire names of the domain's enums (<c>harsh_braking</c>), used wherever a value crosses into text.</summary>
public static class SnakeCase
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Convert(value.ToString());

    public static string Convert(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
