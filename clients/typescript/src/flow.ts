/**
 * The admin app's flow against a live API, through the typed client only: log in, read the five dashboards, list
 * with filters and paging headers, create, patch with If-Match, read details, delete, and the problem bodies of a
 * 400, 401, 403, 404, 412 and 429. Exits non-zero at the first surprise.
 *
 *   node dist/flow.js http://localhost:8080 [admin-password] [viewer-password]
 */
import assert from "node:assert/strict";
import { createFleetClient, isValidationProblem, parseLinks, type Problem, type ValidationProblem } from "./client.js";

const baseUrl = process.argv[2] ?? process.env["FLEET_API_URL"] ?? "http://localhost:8080";
const adminPassword = process.argv[3] ?? "fleet-admin-dev";
const viewerPassword = process.argv[4] ?? "fleet-viewer-dev";
const drivers = "/api/v1/admin/drivers";

function step(name: string): void {
  console.log(`ok  ${name}`);
}

function assertProblem(problem: Problem | ValidationProblem | undefined, status: number): asserts problem {
  assert.ok(problem, `a ${status} problem body`);
  assert.equal(problem.status, status);
  assert.equal(typeof problem.title, "string");
  assert.equal(typeof problem.detail, "string");
  assert.match(problem.trace_id, /\S/);
}

async function main(): Promise<void> {
  const admin = createFleetClient(baseUrl);
  const viewer = createFleetClient(baseUrl);
  const anonymous = createFleetClient(baseUrl);

  const adminToken = await admin.login("admin", adminPassword);
  assert.equal(adminToken.role, "admin");
  assert.equal(adminToken.token_type, "bearer");
  assert.ok(adminToken.expires_in > 0);
  assert.equal((await viewer.login("viewer", viewerPassword)).role, "viewer");
  step("log in as admin and viewer");

  const stats = await viewer.api.GET("/api/v1/admin/dashboard/stats");
  assert.ok(stats.data, `stats: ${stats.response.status}`);
  assert.ok(stats.data.total_drivers >= stats.data.active_drivers);
  assert.match(stats.response.headers.get("X-Cache") ?? "", /^(HIT|MISS|BYPASS|STALE)$/);
  const summary = await viewer.api.GET("/api/v1/admin/dashboard/summary");
  assert.ok(summary.data);
  assert.equal(summary.data.drivers.total, summary.data.drivers.active + summary.data.drivers.inactive + summary.data.drivers.suspended);
  assert.ok(summary.data.top_risk_drivers.length <= 5);
  const again = await viewer.api.GET("/api/v1/admin/dashboard/summary");
  assert.equal(again.response.headers.get("X-Cache"), "HIT");
  assert.equal(again.data?.generated_at, summary.data.generated_at);
  const etag = again.response.headers.get("ETag") ?? "";
  const notModified = await viewer.api.GET("/api/v1/admin/dashboard/summary", { params: { header: { "If-None-Match": etag } } });
  assert.equal(notModified.response.status, 304);
  const activity = await viewer.api.GET("/api/v1/admin/dashboard/trip-activity", { params: { query: { days: 14 } } });
  assert.equal(activity.data?.length, 14);
  const risk = await viewer.api.GET("/api/v1/admin/dashboard/risk-distribution");
  assert.deepEqual(risk.data?.map((band) => band.category), ["low", "medium", "high", "critical"]);
  const safety = await viewer.api.GET("/api/v1/admin/dashboard/safety-events-breakdown", { params: { query: { days: 30 } } });
  assert.equal(safety.data?.by_type.length, 6);
  assert.equal(safety.data?.by_severity.length, 3);
  step("read the five dashboards (MISS, HIT, 304)");

  const page = await viewer.api.GET(drivers, { params: { query: { skip: 0, limit: 5, status: "active", sort: "-risk_score" } } });
  assert.ok(page.data, `list: ${page.response.status}`);
  const total = Number(page.response.headers.get("X-Total-Count"));
  assert.ok(Number.isInteger(total) && total >= page.data.length);
  assert.ok(page.data.every((card) => card.status === "active"));
  const scores = page.data.map((card) => card.risk_score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  if (total > 5) {
    const next = parseLinks(page.response.headers.get("Link"))["next"];
    assert.ok(next?.includes("skip=5"), `Link rel="next": ${next}`);
  }
  step(`list active drivers by risk: ${page.data.length} of ${total}, Link header`);

  const email = `flow.${Date.now()}@fleet.example`;
  const created = await admin.api.POST(drivers, {
    body: { name: "Zoë Flow", email, phone: "+1-555-010-9999", license_number: `FL-${Date.now()}`, city: "Zürich", vehicle_id: null },
  });
  assert.ok(created.data, `create: ${created.response.status} ${JSON.stringify(created.error)}`);
  assert.equal(created.response.status, 201);
  const driverId = created.data.driver_id;
  assert.equal(created.response.headers.get("Location"), `${drivers}/${driverId}`);
  assert.equal(created.data.vehicle_id, null);
  const createdTag = created.response.headers.get("ETag") ?? "";
  step(`create ${driverId}`);

  const path = { driver_id: driverId };
  const patched = await admin.api.PATCH(`${drivers}/{driver_id}`, {
    params: { path, header: { "If-Match": createdTag } },
    body: { city: "Basel", status: "suspended" },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  assert.ok(patched.data, `patch: ${patched.response.status} ${JSON.stringify(patched.error)}`);
  assert.equal(patched.data.city, "Basel");
  assert.equal(patched.data.status, "suspended");
  const patchedTag = patched.response.headers.get("ETag") ?? "";
  assert.notEqual(patchedTag, createdTag);
  step("patch with If-Match");

  const stale = await admin.api.PATCH(`${drivers}/{driver_id}`, {
    params: { path, header: { "If-Match": createdTag } },
    body: { city: "Bern" },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  assert.equal(stale.response.status, 412);
  assertProblem(stale.error, 412);
  step("412 problem for a stale If-Match");

  const details = await viewer.api.GET(`${drivers}/{driver_id}/details`, { params: { path } });
  assert.ok(details.data, `details: ${details.response.status}`);
  assert.equal(details.data.driver.name, "Zoë Flow");
  assert.equal(details.data.vehicle, null);
  assert.equal(details.data.stats.total_trips, 0);
  step("details: no vehicle, no trips");

  const deleted = await admin.api.DELETE(`${drivers}/{driver_id}`, { params: { path, header: { "If-Match": patchedTag } } });
  assert.equal(deleted.response.status, 204);
  const gone = await viewer.api.GET(`${drivers}/{driver_id}`, { params: { path } });
  assert.equal(gone.response.status, 404);
  assertProblem(gone.error, 404);
  step("delete, then 404 problem");

  const invalid = await viewer.api.GET(drivers, { params: { query: { limit: 0 } } });
  assert.equal(invalid.response.status, 400);
  assertProblem(invalid.error, 400);
  assert.ok(isValidationProblem(invalid.error) && invalid.error.errors["limit"]?.length, "errors names limit");
  step("400 validation problem names the field");

  const unauthorized = await anonymous.api.GET("/api/v1/admin/dashboard/stats");
  assert.equal(unauthorized.response.status, 401);
  assertProblem(unauthorized.error, 401);
  assert.match(unauthorized.response.headers.get("WWW-Authenticate") ?? "", /^Bearer/);
  step("401 problem without a token");

  const forbidden = await viewer.api.DELETE(`${drivers}/{driver_id}`, { params: { path: { driver_id: "DRV-0001" } } });
  assert.equal(forbidden.response.status, 403);
  assertProblem(forbidden.error, 403);
  step("403 problem for a viewer's write");

  const username = `flow-${Date.now()}`;
  const failedLogin = () => anonymous.api.POST("/api/v1/auth/token", { body: { username, password: "wrong" } });
  let throttled = await failedLogin();
  for (let attempt = 1; attempt < 10 && throttled.response.status === 401; attempt++) {
    throttled = await failedLogin();
  }
  assert.equal(throttled.response.status, 429);
  assertProblem(throttled.error, 429);
  assert.match(throttled.response.headers.get("Retry-After") ?? "", /^\d+$/);
  step("429 problem with Retry-After after repeated failed logins");

  console.log("flow passed");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
