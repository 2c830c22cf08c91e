namespace FleetTelematics.Tests.Deployment;

/// <summary>Syntax checks cheap enough to run without promtool, which the test machines do not have.</summary>
public static class PromQlText
{
    /// <summary>True when (), [] and {} nest properly outside quoted strings.</summary>
    public static bool HasBalancedBrackets(string expression)
    {
        var open = new Stack<char>();
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                open.Push(c);
            }
            else if (c is ')' or ']' or '}' && (open.Count == 0 || open.Pop() != Opening(c)))
            {
                return false;
            }
        }

        return open.Count == 0 && quote is null;
    }

    private static char Opening(char closing) => closing switch
    {
        ')' => '(',
        ']' => '[',
        _ => '{',
    };
}
