using System.Text;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>One row of the hostile-input table: a request and the answer it must get (null: any answer below 500).</summary>
public sealed record HostileRequest(string Name, HttpMethod Method, string Url, int? Expected,
    byte[]? Body = null, string? ContentType = null, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public static HostileRequest Get(string name, string url, int? expected) => new(name, HttpMethod.Get, url, expected);

    public static HostileRequest Json(string name, HttpMethod method, string url, string json, int? expected,
        string contentType = "application/json") =>
        new(name, method, url, expected, Encoding.UTF8.GetBytes(json), contentType);

    public static HostileRequest Raw(string name, HttpMethod method, string url, byte[] body, string contentType, int? expected) =>
        new(name, method, url, expected, body, contentType);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        foreach (var (header, value) in Headers ?? [])
        {
            if (!message.Headers.TryAddWithoutValidation(header, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return message;
    }

    public override string ToString() => Name;
}
