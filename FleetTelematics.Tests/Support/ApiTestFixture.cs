using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Base of the HTTP integration fixtures: its own copy of the seeded template database, the API in-process on
/// it, and clients logged in as admin, as viewer, and not at all.
/// </summary>
public abstract class ApiTestFixture
{
    protected FleetApiFactory Factory { get; private set; } = null!;
    protected HttpClient Anonymous { get; private set; } = null!;
    protected HttpClient Admin { get; private set; } = null!;
    protected HttpClient Viewer { get; private set; } = null!;

    /// <summary>A vehicle gateway: role ingest.</summary>
    protected HttpClient Gateway { get; private set; } = null!;

    /// <summary>Direct access to the fixture's database, for checking the API against independent SQL.</summary>
    protected NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The fixture database's connection string, for a second API instance of the same deployment.</summary>
    protected string ConnectionString { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Extra services for this fixture's host (test-only controllers, fakes).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Starts what the API needs before it starts (a private Redis, say), so it meets it from the start.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        await StartDependenciesAsync();
        var connectionString = await TestDatabases.CreateFromTemplateAsync(GetType().Name);
        ConnectionString = connectionString;
        Database = NpgsqlDataSource.Create(connectionString);
        Factory = new FleetApiFactory(connectionString, Settings, ConfigureServices);
        Anonymous = Factory.CreateClient();
        Admin = await LoginAsync("admin", "fleet-admin-dev");
        Viewer = await LoginAsync("viewer", "fleet-viewer-dev");
        Gateway = await LoginAsync("gateway", "fleet-gateway-dev");
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        Anonymous.Dispose();
        Admin.Dispose();
        Viewer.Dispose();
        Gateway.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected Task<HttpClient> LoginAsync(string username, string password) => LoginAsync(Factory, username, password);

    /// <summary>A client of <paramref name="factory"/> carrying a bearer token for the user.</summary>
    protected static async Task<HttpClient> LoginAsync(FleetApiFactory factory, string username, string password)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = password }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task<List<object[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<object[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    protected static DateTime TodayUtc => DateTime.UtcNow.Date;
}
