using FleetTelematics.Api.Features.Ingestion;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class IngestionRegistration
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestionOptions>>().Value);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<TripStore>();
        services.AddSingleton<SafetyEventStore>();
        services.AddSingleton<IngestTransaction>();
        services.AddSingleton<TelemetryIngestion>();
        return services;
    }
}
