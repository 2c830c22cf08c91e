using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FleetTelematics.Api.Simulation;

/// <summary>
/// Talks to the API as a vehicle gateway does: logs in, posts a batch, and sends the very same batch again until it is
/// answered — after a network failure, a timeout, a 5xx or a 429 with a growing, jittered pause (or the server's
/// <c>Retry-After</c>), after a 401 at once with a new token. Delivery is at-least-once: a batch the server stored
/// without the answer arriving comes back as duplicates.
/// </summary>
public sealed partial class GatewayClient(HttpClient http, GatewayCredentials credentials, TimeProvider clock, ILogger logger,
    TimeSpan? firstBackoff = null)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _firstBackoff = firstBackoff ?? TimeSpan.FromMilliseconds(500);
    private readonly Random _jitter = new();
    private string? _token;
    private int _retries;

    /// <summary>Sends that had to be repeated, since the last call (read and reset).</summary>
    public int TakeRetries() => Interlocked.Exchange(ref _retries, 0);

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/> until it is answered. Null when the server refused the
    /// batch itself (a 4xx other than 401 and 429: sending it again would not help), which is logged.
    /// </summary>
    public async Task<IngestAnswer?> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, GatewayJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait;
            try
            {
                _token ??= await LoginAsync(credentials, cancellationToken);
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<IngestAnswer>(GatewayJson.Options, cancellationToken) ?? IngestAnswer.None;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    _token = null; // expired or revoked: log in again and send at once
                    wait = attempt == 1 ? TimeSpan.Zero : null;
                }
                else if (response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    wait = response.Headers.RetryAfter?.Delta;
                }
                else
                {
                    LogRefused(logger, path, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                    return null;
                }

                LogRetrying(logger, path, $"HTTP {(int)response.StatusCode}", attempt);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No answer (refused, reset, timed out): the batch may or may not be stored; it goes again.
                wait = null;
                LogRetrying(logger, path, ex.GetBaseException().Message, attempt);
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(Min(wait ?? Backoff(attempt), MaxBackoff), clock, cancellationToken);
        }
    }

    /// <summary>Logs <paramref name="user"/> in; throws when the credentials are refused, which no retry can mend.</summary>
    public async Task<string> LoginAsync(GatewayCredentials user, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token",
            new { username = user.Username, password = user.Password }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"the API refused the login of '{user.Username}': check the username and password");
        }

        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return token.GetProperty("access_token").GetString()!;
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks((long)(_firstBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 10)) * (0.8 + (0.4 * _jitter.NextDouble()))));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
