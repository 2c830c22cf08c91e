using FleetTelematics.Api.Hosting;

var command = ApiCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command?.HostArguments ?? args);
builder.AddInfrastructure();
builder.AddApi();

var app = builder.Build();
if (command is not null)
{
    return await command.RunAsync(app.Services, app.Lifetime.ApplicationStopping);
}

app.UseApi();
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
