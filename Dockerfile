# syntax=docker/dockerfile:1
# FleetTelematics admin API: built with the SDK image, run on the smaller ASP.NET runtime image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project and props files first, so the restore layer is reused until a dependency changes.
# Only the API and the projects it references are restored: the test project pulls in browser-test packages
# that the image never needs.
COPY Directory.Build.props Directory.Packages.props ./
COPY FleetTelematics.Domain/FleetTelematics.Domain.csproj FleetTelematics.Domain/
COPY FleetTelematics.Infrastructure/FleetTelematics.Infrastructure.csproj FleetTelematics.Infrastructure/
COPY FleetTelematics.Api/FleetTelematics.Api.csproj FleetTelematics.Api/
RUN dotnet restore FleetTelematics.Api/FleetTelematics.Api.csproj

COPY FleetTelematics.Domain/ FleetTelematics.Domain/
COPY FleetTelematics.Infrastructure/ FleetTelematics.Infrastructure/
COPY FleetTelematics.Api/ FleetTelematics.Api/
# The image starts the app with "dotnet <dll>", so the native apphost is not needed.
RUN dotnet publish FleetTelematics.Api -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# The runtime image has neither curl nor wget; the compose healthcheck needs one to call /health/ready.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# APP_UID is the unprivileged "app" user that the .NET base images create.
USER $APP_UID
ENTRYPOINT ["dotnet", "FleetTelematics.Api.dll"]
