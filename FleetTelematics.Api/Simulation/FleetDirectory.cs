using System.Net.Http.Headers;
using System.Text.Json;

namespace FleetTelematics.Api.Simulation;

/// <summary>
/// Finds the vehicles to simulate. The gateway role may only ingest, so the simulator reads the fleet with a second
/// login that may read (a viewer): the active drivers that have a vehicle, one driver per vehicle, in a seeded order.
/// </summary>
public static class FleetDirectory
{
    private const int PageSize = 500;

    public static async Task<IReadOnlyList<SimulatedVehicle>> ChooseAsync(HttpClient http, GatewayClient client,
        GatewayCredentials reader, int count, int seed, CancellationToken cancellationToken)
    {
        var token = await client.LoginAsync(reader, cancellationToken);
        var vehicles = new Dictionary<string, SimulatedVehicle>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += PageSize)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/admin/drivers?status=active&limit={PageSize}&skip={skip}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"could not read the drivers with the login '{reader.Username}' (HTTP {(int)response.StatusCode}); it needs the viewer or admin role");
            }

            var page = await response.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken) ?? [];
            foreach (var card in page)
            {
                if (card.GetProperty("vehicle_id").GetString() is { } vehicleId)
                {
                    vehicles.TryAdd(vehicleId, new SimulatedVehicle(vehicleId, card.GetProperty("driver_id").GetString()!));
                }
            }

            if (page.Length < PageSize)
            {
                break;
            }
        }

        var chosen = vehicles.Values.OrderBy(v => v.VehicleId, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(chosen);
        return chosen.Take(count).ToList();
    }
}
