/**
 * Compiled, never run: the type checker's proof that the generated types are exact. Always-sent fields are read
 * without `!` or `?.`, and a null `vehicle` must be handled — the @ts-expect-error below fails the build
 * ("unused directive") the day `vehicle` stops being nullable in the document.
 */
import type { Schemas } from "./client.js";

export function describeDriver(details: Schemas["DriverDetailsResponse"]): string {
  const name: string = details.driver.name;
  const trips: number = details.stats.total_trips;
  const lastTrip: string | null = details.driver.last_trip_at;
  const latest: string = details.recent_trips.map((trip) => trip.started_at).join(", ");

  // @ts-expect-error vehicle is null for a driver without one: the compiler refuses to read it unchecked.
  const unchecked: string = details.vehicle.license_plate;

  const vehicle = details.vehicle === null ? "no vehicle" : `${details.vehicle.make} ${details.vehicle.model}`;
  return `${name}: ${trips} trips (last ${lastTrip ?? "never"}; ${latest}), ${vehicle} ${unchecked}`;
}

export function describeCard(card: Schemas["DriverCard"]): string {
  const band: "low" | "medium" | "high" | "critical" = card.risk_category;
  const vehicle: string | null = card.vehicle_id;
  return `${card.driver_id} ${card.name} ${band} ${vehicle ?? "-"} ${card.total_distance_km.toFixed(2)} km`;
}
