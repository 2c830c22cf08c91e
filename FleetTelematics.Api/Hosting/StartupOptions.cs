namespace FleetTelematics.Api.Hosting;

/// <summary>What the API does to its database when it starts; all on in Development, all off elsewhere.</summary>
public sealed class StartupOptions
{
    public const string SectionName = "Startup";

    public bool ApplyMigrations { get; set; }

    public bool CreateDevelopmentUsers { get; set; }

    public bool SeedDemoFleet { get; set; }
}
