#!/usr/bin/env python3
"""Ingestion figures for ./bench.sh (issue 13), against a running API and its PostgreSQL.

  throughput  4 gateways post batches of 1,000 safety events as fast as they are answered while a poller reads the
              dashboards; then the same rows go straight into safety_events with COPY, for the ceiling.
  freshness   a steady 500 events/s (and a few trips) with the dashboards, the list and drivers' details polled: the
              cache hit rate, and for each batch the time from its 200 to the first read that shows it, per route.

Each phase appends one record to $BENCH_RECORDS (see bench.py). Bounded: every phase stops after its own time.

usage: ingest.py URL TOKEN PG_PORT DB DRIVERS
"""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

GATEWAYS = int(os.environ.get("BENCH_INGEST_GATEWAYS", "4"))
BATCH = int(os.environ.get("BENCH_INGEST_BATCH", "1000"))
BATCHES_PER_GATEWAY = int(os.environ.get("BENCH_INGEST_BATCHES", "30"))
TRIPS = 400
STEADY_RATE = int(os.environ.get("BENCH_INGEST_RATE", "500"))
STEADY_SECONDS = float(os.environ.get("BENCH_INGEST_SECONDS", "30"))
VISIBLE_WITHIN = 5.0
TYPES = ["harsh_braking", "rapid_acceleration", "speeding", "harsh_cornering", "phone_usage", "fatigue"]
SEVERITIES = ["low", "medium", "high"]


def utc(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Client:
    """One keep-alive connection, as a gateway or a dashboard keeps one."""

    def __init__(self, url, token):
        parsed = urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method, path, body=None):
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=self.headers)
                response = self.connection.getresponse()
                data = response.read()
                return response.status, response.getheader("X-Cache"), data
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise


def post(client, path, key, records):
    status, _, data = client.request("POST", path, json.dumps({key: records}).encode())
    if status != 200:
        raise RuntimeError(f"POST {path}: HTTP {status}: {data[:300]!r}")
    return json.loads(data)


def start_trips(client, run, drivers, count, started):
    trips = [{"external_id": f"b{run}-t{i}", "driver_id": f"DRV-{1 + i % drivers:04d}", "vehicle_id": f"VEH-{1 + i % 100:04d}",
              "started_at": utc(started), "ended_at": None, "distance_km": None} for i in range(count)]
    answer = post(client, "/api/v1/ingest/trips", "trips", trips)
    if answer["accepted"] != count:
        raise RuntimeError(f"trips not accepted: {json.dumps(answer)[:400]}")
    return trips


def events(run, prefix, trips, count, now, offset=0):
    return [{"external_id": f"b{run}-{prefix}-{offset + i}", "trip_external_id": trips[(offset + i) % len(trips)]["external_id"],
             "type": TYPES[(offset + i) % 6], "severity": SEVERITIES[(offset + i) % 3],
             "occurred_at": utc(now - timedelta(seconds=1 + (offset + i) % 600)), "speed_kmh": 40 + (offset + i) % 80} for i in range(count)]


def throughput(url, token, pg_port, db, drivers, run):
    admin = Client(url, token)
    now = datetime.now(timezone.utc)
    trips = start_trips(admin, run, drivers, TRIPS, now - timedelta(minutes=15))
    bodies = [[json.dumps({"events": events(run, f"g{g}b{b}", trips, BATCH, now)}).encode() for b in range(BATCHES_PER_GATEWAY)]
              for g in range(GATEWAYS)]
    latencies, failures, accepted = [], [], [0]
    lock = threading.Lock()
    stop = threading.Event()
    polls = [0]

    def gateway(g):
        client = Client(url, token)
        for body in bodies[g]:
            began = time.perf_counter()
            status, _, data = client.request("POST", "/api/v1/ingest/safety-events", body)
            elapsed = time.perf_counter() - began
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                    accepted[0] += json.loads(data)["accepted"]
                else:
                    failures.append(status)

    def poller():
        client = Client(url, token)
        routes = ["/api/v1/admin/dashboard/stats", "/api/v1/admin/dashboard/summary", "/api/v1/admin/dashboard/safety-events-breakdown"]
        # A busy dashboard: about 100 reads a second, not a hot loop competing for the two cores.
        while not stop.is_set():
            client.request("GET", routes[polls[0] % len(routes)])
            polls[0] += 1
            time.sleep(0.01)

    reader = threading.Thread(target=poller, daemon=True)
    reader.start()
    began = time.perf_counter()
    threads = [threading.Thread(target=gateway, args=(g,)) for g in range(GATEWAYS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    wall = time.perf_counter() - began
    stop.set()
    reader.join(timeout=10)
    total = GATEWAYS * BATCHES_PER_GATEWAY * BATCH
    latencies.sort()

    copy_seconds = copy_rate(pg_port, db, run, trips, total, now)
    return {"name": "ingest:throughput", "kind": "ingest", "events": total, "accepted": accepted[0], "failures": len(failures),
            "seconds": wall, "events_per_s": accepted[0] / wall, "gateways": GATEWAYS, "batch": BATCH,
            "batch_p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else None,
            "batch_p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else None,
            "dashboard_reads": polls[0], "copy_seconds": copy_seconds, "copy_events_per_s": total / copy_seconds if copy_seconds else None}


def copy_rate(pg_port, db, run, trips, total, now):
    """The same number of rows, of the same trips, through COPY into safety_events (its triggers and indexes included)."""
    ids = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", db, "-tAF,", "-c",
                          f"SELECT t.id, t.driver_id FROM trip_external_ids l JOIN trips t ON t.id = l.trip_id AND t.started_at = l.started_at "
                          f"WHERE l.external_id LIKE 'b{run}-t%' ORDER BY l.external_id"],
                         check=True, capture_output=True, text=True).stdout.split()
    rows = [line.split(",") for line in ids]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        for i in range(total):
            trip_id, driver_id = rows[i % len(rows)]
            f.write(f"{trip_id},{driver_id},{1 + i % 6},{1 + i % 3},{utc(now - timedelta(seconds=1 + i % 600))},{40 + i % 80}\n")
        path = f.name
    os.chmod(path, 0o644)
    try:
        began = time.perf_counter()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", db, "-qc",
                        f"\\copy safety_events (trip_id, driver_id, type, severity, occurred_at, speed_kmh) FROM '{path}' CSV"],
                       check=True, capture_output=True, text=True)
        return time.perf_counter() - began
    finally:
        os.unlink(path)


def freshness(url, token, drivers, run):
    """A steady stream with the dashboards polled: hit rate, and per batch the time until each route shows it."""
    admin = Client(url, token)
    now = datetime.now(timezone.utc)
    tracked = "DRV-0001"
    trips = start_trips(admin, f"{run}f", min(drivers, 100), 100, now - timedelta(minutes=10))
    tracked_trips = [t for t in trips if t["driver_id"] == tracked]
    list_page = "/api/v1/admin/drivers?limit=100"

    def page_trips(body):
        return sum(card["total_trips"] for card in body)

    routes = {
        "dashboard_stats": ("/api/v1/admin/dashboard/stats", lambda b: b["safety_events_today"]),
        "dashboard_summary": ("/api/v1/admin/dashboard/summary", lambda b: b["safety_events_last_7_days"]),
        "safety_events": ("/api/v1/admin/dashboard/safety-events-breakdown?days=1", lambda b: b["total"]),
        "driver_detail": (f"/api/v1/admin/drivers/{tracked}/details", lambda b: b["stats"]["safety_events_last_30_days"]),
        "drivers_list": (list_page, page_trips),
        "trip_activity": ("/api/v1/admin/dashboard/trip-activity?days=7", lambda b: sum(d["trips"] for d in b)),
    }
    baseline = {}
    for name, (path, read) in routes.items():
        status, _, data = admin.request("GET", path)
        baseline[name] = read(json.loads(data))

    # Per route: (time acknowledged, value that proves it visible).
    expected = {name: [] for name in routes}
    seen = {name: [] for name in routes}
    cache = {"HIT": 0, "MISS": 0, "other": 0}
    lock = threading.Lock()
    stop = threading.Event()
    producing_done = threading.Event()

    def producer():
        client = Client(url, token)
        per_tick = max(1, STEADY_RATE // 10)
        sent_events = sent_tracked = started_trips = 0
        tick = 0
        next_at = time.perf_counter()
        while not producing_done.is_set():
            batch = events(f"{run}f", "s", trips, per_tick, datetime.now(timezone.utc), sent_events)
            batch[0]["trip_external_id"] = tracked_trips[0]["external_id"] if tracked_trips else batch[0]["trip_external_id"]
            answer = post(client, "/api/v1/ingest/safety-events", "events", batch)
            sent_events += per_tick
            sent_tracked += 1 if tracked_trips else 0
            acknowledged = time.perf_counter()
            new_trips = 0
            if tick % 10 == 0:
                trip = {"external_id": f"b{run}f-n{tick}", "driver_id": f"DRV-{1 + tick % min(drivers, 100):04d}", "vehicle_id": "VEH-0001",
                        "started_at": utc(datetime.now(timezone.utc) - timedelta(seconds=5)), "ended_at": None, "distance_km": None}
                post(client, "/api/v1/ingest/trips", "trips", [trip])
                started_trips += 1
                new_trips = 1
            with lock:
                if answer["accepted"] == per_tick:
                    for name in ("dashboard_stats", "dashboard_summary", "safety_events"):
                        expected[name].append((acknowledged, baseline[name] + sent_events))
                    expected["driver_detail"].append((acknowledged, baseline["driver_detail"] + sent_tracked))
                if new_trips:
                    expected["drivers_list"].append((time.perf_counter(), baseline["drivers_list"] + started_trips))
                    expected["trip_activity"].append((time.perf_counter(), baseline["trip_activity"] + started_trips))
            tick += 1
            next_at += 0.1
            time.sleep(max(0.0, next_at - time.perf_counter()))

    def poller(names):
        client = Client(url, token)
        i = 0
        while not stop.is_set():
            name = names[i % len(names)]
            i += 1
            status, x_cache, data = client.request("GET", routes[name][0])
            at = time.perf_counter()
            value = routes[name][1](json.loads(data)) if status == 200 else None
            with lock:
                cache[x_cache if x_cache in cache else "other"] += 1
                if value is not None:
                    seen[name].append((at, value))
            time.sleep(0.01)

    names = list(routes)
    producing = threading.Thread(target=producer)
    polling = [threading.Thread(target=poller, args=(names[k::3],)) for k in range(3)]
    for t in [producing, *polling]:
        t.start()
    time.sleep(STEADY_SECONDS)
    producing_done.set()
    producing.join(timeout=30)
    # The last batches get the same chance to show as the others: the pollers read on for the staleness bound and more.
    time.sleep(VISIBLE_WITHIN + 2)
    stop.set()
    for t in polling:
        t.join(timeout=30)

    visible = {}
    for name in routes:
        delays = []
        for acknowledged, value in expected[name]:
            shown = next((at for at, v in seen[name] if at >= acknowledged and v >= value), None)
            if shown is not None:
                delays.append(shown - acknowledged)
        delays.sort()
        visible[name] = {"batches": len(expected[name]), "measured": len(delays),
                         "p50_s": delays[len(delays) // 2] if delays else None,
                         "p99_s": delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else None}
    reads = cache["HIT"] + cache["MISS"]
    return {"name": "ingest:freshness", "kind": "ingest", "rate": STEADY_RATE, "seconds": STEADY_SECONDS,
            "hits": cache["HIT"], "misses": cache["MISS"], "other": cache["other"],
            "hit_rate": cache["HIT"] / reads if reads else None, "visible": visible}


def main():
    url, token, pg_port, db, drivers = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
    run = str(int(time.time()))
    for record in (throughput(url, token, pg_port, db, drivers, run), freshness(url, token, drivers, run)):
        print(json.dumps(record))
        with open(os.environ["BENCH_RECORDS"], "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
