using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// The document as <c>/swagger/v1/swagger.json</c> serves it, written without a server running — what the typed
/// clients are generated from (<c>clients/typescript/generate.sh</c>).
/// </summary>
internal static class OpenApiDocumentFile
{
    public static string Render(IServiceProvider services)
    {
        var document = services.GetRequiredService<ISwaggerProvider>().GetSwagger(SwaggerSetup.DocumentName);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAs(SwaggerSetup.SpecVersion, new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
