#!/usr/bin/env bash
# Regenerates the typed client from the API itself: writes openapi.json (the document /swagger/v1/swagger.json
# serves, via the API's `openapi` verb — no database needed) and src/schema.d.ts (openapi-typescript), then
# type-checks everything in strict mode. Commit both files: a test fails while they differ from the API's document.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd ../.. && pwd)

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK is required (dotnet not found)" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: Node.js 20+ with npm is required (npm not found)" >&2; exit 1; }

echo "building the API" >&2
dotnet build "$root/FleetTelematics.Api" -c Release -v quiet -nologo >/dev/null
# From the build output, so the program finds its appsettings; the document does not depend on the environment.
(cd "$root/FleetTelematics.Api/bin/Release/net10.0" && dotnet FleetTelematics.Api.dll openapi --output "$here/openapi.json") >&2

[ -d node_modules ] || npm ci --no-audit --no-fund >&2
npx --no-install openapi-typescript openapi.json --output src/schema.d.ts >&2
npx --no-install tsc --noEmit
echo "regenerated openapi.json and src/schema.d.ts" >&2
