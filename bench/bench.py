#!/usr/bin/env python3
"""Helpers for ./bench.sh (standard library only). Records go to the JSON-lines file named by $BENCH_RECORDS.

  meta OUT.json KEY=VALUE...            the run's machine and settings
  secret N                              N random URL-safe characters
  token                                 read the /auth/token JSON on stdin, print access_token
  shape OURS.json PEER.json LABEL       fail unless both bodies are JSON objects with the same top-level keys
  record NAME [KEY=VALUE...]            wrk output on stdin (its WRK_RESULT line) -> a record
  record-na NAME                        a scenario that could not run here (printed as n/a)
  metrics URL                           one line of JSON: response-cache hits/misses and the invalidate histogram
  cache-delta NAME BEFORE AFTER         hits and misses between two `metrics` snapshots -> hit rate
  invalidation NAME BEFORE AFTER        the server-side invalidate time between two snapshots (histogram deltas)
  counters NAME COUNTERS.csv            dotnet-counters CSV -> bytes allocated per request of NAME's wrk run, GCs
  note NAME KEY=VALUE...                extra facts for a record
  report META.json OUT.json OUT.svg [KEY=VALUE...]
                                        the table of figures, targets and verdicts; the JSON file; the chart
"""
import csv
import json
import os
import re
import secrets as random_secrets
import sys
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chart  # noqa: E402  (bench/chart.py, beside this file)

SERIES = re.compile(r'^([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\} ([^ \n]+)', re.M)
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
WRK_FIELD = re.compile(r"(\w+)=([^\s]+)")

# Targets of issue 11: ratios within one run, judged on the worse round.
TARGET_VS_AUTH_PEER = 1.0
TARGET_VS_ANON_PEER = 1.0
TARGET_VS_TRIVIAL = 0.8
TARGET_HIT_P99_MS = 3.0
TARGET_C1_P50_MS = 0.3
TARGET_LIST_VS_SUMMARY = 0.5
TARGET_INVALIDATION_RATIO = 1.5
TARGET_INVALIDATION_MS = 2.0
TARGET_MIXED_HIT_RATE = 0.95
TARGET_MIXED_P99_MS = 10.0
TARGET_MIXED_RSS_MB = 300.0
# Issue 13: ingestion throughput and freshness under a stream (bench/ingest.py).
TARGET_INGEST_EVENTS_PER_S = 20_000
TARGET_INGEST_HIT_RATE = 0.90
TARGET_INGEST_VISIBLE_S = 5.0
# Issue 13: on the 10x fleet (10,000 drivers, 365 days), every dashboard and driver list computed (no cache).
TARGET_SCALE_P50_MS = 20.0
TARGET_SCALE_SEED_SECONDS = 600.0

AUTH_PEERS = ("outputcache-auth", "hybrid", "fusion")
ROUTES = ("stats", "summary", "trip-activity", "risk-distribution", "safety-events", "drivers-list", "driver-details")
ROUTE_PATHS = {
    "stats": "dashboard/stats", "summary": "dashboard/summary", "trip-activity": "dashboard/trip-activity",
    "risk-distribution": "dashboard/risk-distribution", "safety-events": "dashboard/safety-events-breakdown",
    "drivers-list": "drivers?limit=100 (30 KB)", "driver-details": "drivers/{id}/details",
}


def pairs(arguments):
    return dict(a.split("=", 1) for a in arguments)


def append(record):
    with open(os.environ["BENCH_RECORDS"], "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def load_records():
    merged = {}
    with open(os.environ["BENCH_RECORDS"], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                merged.setdefault(r["name"], {}).update(r)
    return merged


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


# --- small commands ---------------------------------------------------------------------------------------------------
def meta(out, *arguments):
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pairs(arguments), f, indent=1)


def secret(n):
    print(random_secrets.token_urlsafe(int(n) * 2)[: int(n)])


def token():
    print(json.load(sys.stdin)["access_token"])


def shape(ours_path, peer_path, label):
    with open(ours_path, encoding="utf-8") as f:
        ours = json.load(f)
    with open(peer_path, encoding="utf-8") as f:
        peer = json.load(f)
    if not isinstance(ours, dict) or not isinstance(peer, dict) or list(ours) != list(peer):
        print(f"{label}: keys {list(peer) if isinstance(peer, dict) else type(peer).__name__} "
              f"!= ours {list(ours) if isinstance(ours, dict) else type(ours).__name__}")
        sys.exit(1)
    same = {k: v for k, v in ours.items() if k != "generated_at"} == {k: v for k, v in peer.items() if k != "generated_at"}
    with open(peer_path, "rb") as f:
        size = len(f.read())
    print(f"{label}: 200, same top-level keys as ours ({', '.join(ours)}); "
          f"values {'the same' if same else 'DIFFERENT'} apart from generated_at; {size} bytes")


def record(name, *arguments):
    fields = {}
    for line in sys.stdin:
        if line.startswith("WRK_RESULT "):
            fields = {k: number(v) for k, v in WRK_FIELD.findall(line)}
    if not fields:
        fields = {"error": "wrk printed no result"}
        print(f"warning: {name}: wrk printed no result", file=sys.stderr)
    append({"name": name, "kind": "wrk", **fields, **{k: number(v) for k, v in pairs(arguments).items()}})
    if "rps" in fields:
        print(f"  {name:<34} {fields['rps']:>9.0f} req/s   p50 {fields['p50_ms']:>7.3f} ms   p99 {fields['p99_ms']:>8.3f} ms"
              f"   non-2xx {int(fields.get('non2xx', 0))}   socket errors {int(fields.get('socket_errors', 0))}"
              + (f"   load {pairs(arguments)['load1']}" if "load1" in pairs(arguments) else ""))


def record_na(name):
    append({"name": name, "kind": "na"})
    print(f"  {name:<34} n/a")


def note(name, *arguments):
    append({"name": name, **{k: number(v) for k, v in pairs(arguments).items()}})


# --- nginx in front of N instances (the two-instance scenario) ------------------------------------------------------------
NGINX_UPSTREAM = re.compile(r"^(?P<indent>[ \t]*)server api:8080(?P<parameters>[^;]*);", re.M)
NGINX_LISTEN = re.compile(r"^(?P<indent>[ \t]*)listen 8080;", re.M)


def nginx_conf(template, out, port, directory, *upstream_ports):
    """deploy/nginx/nginx.conf with the rewrites the suite makes (NginxInstance): one server line per loopback
    instance, a loopback listener, pid and logs in DIRECTORY, in the foreground. Each rewrite must match once."""
    with open(template, encoding="utf-8") as f:
        text = f.read()
    for pattern in (NGINX_UPSTREAM, NGINX_LISTEN):
        if len(pattern.findall(text)) != 1:
            sys.exit(f"{template}: expected exactly one match of {pattern.pattern}")
    text = NGINX_UPSTREAM.sub(lambda m: "\n".join(f"{m['indent']}server 127.0.0.1:{p}{m['parameters']};" for p in upstream_ports), text)
    text = NGINX_LISTEN.sub(lambda m: f"{m['indent']}listen 127.0.0.1:{port};", text)
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"daemon off;\npid {directory}/nginx.pid;\nerror_log {directory}/error.log warn;\n\n{text}")


# summary: GET /api/v1/admin/dashboard/summary hits; mixed-reads: bench/lua/mixed.lua without its PATCHes.
SCALEOUT_ROUTES = (("summary", "GET /api/v1/admin/dashboard/summary"), ("mixed-reads", "mixed reads over the seven cached routes"))
SCALEOUT_SETUPS = (("direct-1", "one instance, direct"), ("nginx-1", "one instance behind nginx"), ("nginx-2", "two instances behind nginx"))


def scaleout_runs(records, route, setup):
    """The rounds of one setup (scaleout:ROUTE:SETUP:rN) that measured something."""
    prefix = f"scaleout:{route}:{setup}:r"
    return [r for name, r in sorted(records.items()) if name.startswith(prefix) and r.get("kind") == "wrk" and r.get("requests")]


def scaleout_figures(figures, records):
    """The two-instance scenario: printed, no target (on 2 shared cores the ratio says little about N cores).
    Throughput is the mean over the rounds, p99 the worse round."""
    if not any(name.startswith("scaleout:") for name in records):
        return
    g = "scale-out: one instance direct vs two behind nginx (printed, no target; mean req/s of 2 rounds, worse p99)"
    for route, _ in SCALEOUT_ROUTES:
        summary = {}
        for setup, setup_label in SCALEOUT_SETUPS:
            runs = scaleout_runs(records, route, setup)
            mean = sum(r["rps"] for r in runs) / len(runs) if runs else None
            p99 = max(r["p99_ms"] for r in runs) if runs else None
            errors = sum(int(r.get("non2xx", 0) + r.get("socket_errors", 0)) for r in runs)
            summary[setup] = (mean, p99)
            figures.add(g, f"{route}: {setup_label}", mean, "req/s",
                        note=f"p99 {fmt_ms(p99)}; rounds {', '.join(format(r['rps'], ',.0f') for r in runs)} req/s; errors {errors}")
        (one, one_p99), (two, two_p99) = summary["direct-1"], summary["nginx-2"]
        figures.add(g, f"{route}: two behind nginx / one direct, req/s", ratio(two, one), "x",
                    note=f"one behind nginx / one direct: {fmt_ratio(ratio(summary['nginx-1'][0], one))}")
        figures.add(g, f"{route}: two behind nginx / one direct, p99", ratio(two_p99, one_p99), "x",
                    note=f"{fmt_ms(two_p99)} vs {fmt_ms(one_p99)}")


def scaleout():
    """Prints the scenario's figures as soon as it has run, before the full report."""
    figures = Figures()
    scaleout_figures(figures, load_records())
    if figures.rows:
        figures.print()


# --- /metrics -----------------------------------------------------------------------------------------------------------
def metrics(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            text = response.read().decode()
    except OSError as e:
        print(json.dumps({"error": str(e)}))
        return
    snapshot = {"hits": 0.0, "misses": 0.0, "by_prefix": {}, "invalidate": {"buckets": {}, "sum": 0.0, "count": 0.0}}
    for name, labels, value in SERIES.findall(text):
        lab = dict(LABEL.findall(labels))
        if lab.get("cache_type") != "response":
            continue
        v = float(value)
        if name in ("cache_hits_total", "cache_misses_total"):
            kind = "hits" if name == "cache_hits_total" else "misses"
            snapshot[kind] += v
            prefix = snapshot["by_prefix"].setdefault(lab.get("cache_key_pattern", "?"), {"hits": 0.0, "misses": 0.0})
            prefix[kind] += v
        elif name.startswith("cache_operation_duration_seconds") and lab.get("operation") == "invalidate":
            if name.endswith("_bucket"):
                snapshot["invalidate"]["buckets"][lab["le"]] = snapshot["invalidate"]["buckets"].get(lab["le"], 0.0) + v
            elif name.endswith("_sum"):
                snapshot["invalidate"]["sum"] += v
            elif name.endswith("_count"):
                snapshot["invalidate"]["count"] += v
    print(json.dumps(snapshot))


def cache_delta(name, before, after):
    b, a = json.loads(before), json.loads(after)
    if "error" in a or "error" in b:
        append({"name": name, "hit_rate": None})
        return
    hits, misses = a["hits"] - b["hits"], a["misses"] - b["misses"]
    rate = hits / (hits + misses) if hits + misses else None
    by_prefix = {}
    for prefix, x in a["by_prefix"].items():
        y = b["by_prefix"].get(prefix, {"hits": 0.0, "misses": 0.0})
        dh, dm = x["hits"] - y["hits"], x["misses"] - y["misses"]
        if dh or dm:
            by_prefix[prefix] = {"hits": int(dh), "misses": int(dm), "hit_rate": dh / (dh + dm)}
    append({"name": name, "cache_hits": int(hits), "cache_misses": int(misses), "hit_rate": rate, "cache_by_prefix": by_prefix})
    print(f"  {name:<34} cache hits {int(hits)}, misses {int(misses)}, hit rate "
          + (f"{rate:.1%}" if rate is not None else "n/a")
          + ("   " + ", ".join(f"{p} {v['hit_rate']:.0%}" for p, v in sorted(by_prefix.items())) if len(by_prefix) > 1 else ""))


def histogram_quantile(q, buckets):
    """Prometheus' histogram_quantile over cumulative buckets {le: count}: linear within the bucket."""
    bounds = sorted(((float("inf") if le == "+Inf" else float(le)), c) for le, c in buckets.items())
    total = bounds[-1][1] if bounds else 0
    if total <= 0:
        return None
    rank, lower, below = q * total, 0.0, 0.0
    for upper, cumulative in bounds:
        if cumulative >= rank:
            if upper == float("inf"):
                return lower  # above the last finite bucket: its bound, as Prometheus answers
            inside = cumulative - below
            return lower + (upper - lower) * ((rank - below) / inside if inside else 1.0)
        lower, below = upper, cumulative
    return lower


def invalidation(name, before, after):
    b, a = json.loads(before)["invalidate"], json.loads(after)["invalidate"]
    buckets = {le: a["buckets"][le] - b["buckets"].get(le, 0.0) for le in a["buckets"]}
    count = a["count"] - b["count"]
    result = {"name": name, "invalidations": int(count)}
    if count > 0:
        result.update({
            "server_mean_ms": (a["sum"] - b["sum"]) / count * 1000,
            "server_p50_ms": histogram_quantile(0.5, buckets) * 1000,
            "server_p99_ms": histogram_quantile(0.99, buckets) * 1000,
            "server_buckets": {le: int(c) for le, c in buckets.items()},
        })
        print(f"  {name:<34} {int(count)} invalidations, server-side p50 {result['server_p50_ms']:.3f} ms, "
              f"p99 {result['server_p99_ms']:.3f} ms, mean {result['server_mean_ms']:.3f} ms (cache_operation_duration_seconds)")
    else:
        print(f"  {name:<34} no invalidation was recorded in /metrics", file=sys.stderr)
    append(result)


def counters(name, path):
    allocated, gcs, rows = 0.0, {}, 0
    with open(path, encoding="utf-8", newline="") as f:
        lines = list(csv.reader(f))
    for cells in lines[1:]:
        if len(cells) < 5:
            continue
        line = ",".join(cells)
        try:
            counter, value = cells[2], float(cells[-1])
        except ValueError:
            continue
        if counter.startswith("dotnet.gc.heap.total_allocated"):
            allocated += value
            rows += 1
        elif counter.startswith("dotnet.gc.collections"):
            generation = re.search(r"gc\.heap\.generation=(\w+)", line)
            key = generation.group(1) if generation else "all"
            gcs[key] = gcs.get(key, 0.0) + value
    run = load_records().get(name, {})
    requests, seconds = run.get("requests"), run.get("seconds")
    if not rows or not requests:
        print(f"  {name}: no allocation counter in {path}", file=sys.stderr)
        sys.exit(1)
    result = {"name": name, "allocated_bytes": allocated, "allocated_per_request": allocated / requests,
              "allocation_rate": allocated / seconds, "gc_counts": {k: int(v) for k, v in sorted(gcs.items())}}
    append(result)
    print(f"  {name:<34} {result['allocated_per_request']:,.0f} bytes allocated per request, "
          f"{result['allocation_rate'] / 1e6:,.1f} MB/s; GCs during the capture: "
          + (", ".join(f"{k} {v}" for k, v in result["gc_counts"].items()) or "none"))


# --- the report -------------------------------------------------------------------------------------------------------
class Figures:
    def __init__(self):
        self.rows = []

    def add(self, group, label, value, unit="", target=None, ok=None, note=""):
        verdict = "n/a" if value is None else ("info" if ok is None else ("PASS" if ok else "FAIL"))
        self.rows.append({"group": group, "figure": label, "value": value, "unit": unit,
                          "target": target or "", "verdict": verdict, "note": note})

    def print(self):
        width = max(len(r["figure"]) for r in self.rows) + 2
        header = f"{'figure':<{width}} {'value':>14}  {'target':<14} verdict"
        group = None
        print(header)
        print("-" * len(header))
        for r in self.rows:
            if r["group"] != group:
                group = r["group"]
                print(f"[{group}]")
            print(f"{r['figure']:<{width}} {format_value(r['value'], r['unit']):>14}  {r['target']:<14} {r['verdict']}"
                  + (f"   ({r['note']})" if r["note"] else ""))


def format_value(value, unit):
    if value is None:
        return "n/a"
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "ms":
        return f"{value:.3f} ms"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "%":
        return f"{value * 100:.1f} %"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def ratio(a, b):
    return a / b if a is not None and b else None


def rps(records, name):
    r = records.get(name, {})
    return r.get("rps") if r.get("kind") == "wrk" and r.get("requests") else None


def field(records, name, key):
    r = records.get(name, {})
    return r.get(key) if r.get("kind") != "na" else None


def report(meta_path, out_path, svg_path, *arguments):
    with open(meta_path, encoding="utf-8") as f:
        run = json.load(f)
    run.update(pairs(arguments))
    records = load_records()
    figures = Figures()

    # Peers vs ours, per round.
    rounds = []
    n = 1
    while f"round{n}:ours-summary" in records:
        p = f"round{n}:"
        best_peer = max(AUTH_PEERS, key=lambda m: rps(records, p + m) or 0)
        trivial = rps(records, p + "ours-me")
        ours = rps(records, p + "ours-summary")
        rounds.append({
            "round": n, "ours_summary_rps": ours, "ours_summary_p99_ms": field(records, p + "ours-summary", "p99_ms"),
            "best_auth_peer": best_peer, "best_auth_peer_rps": rps(records, p + best_peer),
            "vs_best_auth_peer": ratio(ours, rps(records, p + best_peer)),
            "vs_outputcache_anon": ratio(ours, rps(records, p + "outputcache-anon")),
            "vs_trivial_auth": ratio(ours, trivial),
            "vs_constant": ratio(ours, rps(records, p + "constant")),
            "vs_health_live": ratio(ours, rps(records, p + "ours-live")),
        })
        n += 1

    print("peers vs ours, per round (req/s of our authenticated summary hit divided by the other's):")
    for r in rounds:
        print(f"  round {r['round']}: vs best authenticated peer ({r['best_auth_peer']}) {fmt_ratio(r['vs_best_auth_peer'])}"
              f"   vs outputcache-anon {fmt_ratio(r['vs_outputcache_anon'])}   vs our /auth/me {fmt_ratio(r['vs_trivial_auth'])}"
              f"   vs constant {fmt_ratio(r['vs_constant'])}   vs /health/live {fmt_ratio(r['vs_health_live'])}"
              f"   our p99 {fmt_ms(r['ours_summary_p99_ms'])}")
    print()

    def worst(key, highest=False):
        values = [r[key] for r in rounds if r[key] is not None]
        if not values:
            return None
        return max(values) if highest else min(values)

    g = "targets (worse round)"
    v = worst("vs_best_auth_peer")
    figures.add(g, "summary hit / best authenticated peer", v, "x", f">= {TARGET_VS_AUTH_PEER:.1f}x",
                v is not None and v >= TARGET_VS_AUTH_PEER, "peers: outputcache-auth, hybrid, fusion")
    v = worst("vs_outputcache_anon")
    figures.add(g, "summary hit / outputcache-anon", v, "x", f">= {TARGET_VS_ANON_PEER:.1f}x", v is not None and v >= TARGET_VS_ANON_PEER)
    v = worst("vs_trivial_auth")
    if v is None:
        v = ratio(rps(records, "hit:summary"), rps(records, "trivial-auth"))
    figures.add(g, "summary hit / our GET /auth/me", v, "x", f">= {TARGET_VS_TRIVIAL:.1f}x",
                None if v is None else v >= TARGET_VS_TRIVIAL, "" if v is not None else "/auth/me not on this branch")
    p99s = [x for x in [worst("ours_summary_p99_ms", highest=True), field(records, "hit:summary", "p99_ms")] if x is not None]
    v = max(p99s) if p99s else None
    figures.add(g, f"summary hit p99 at {run.get('connections', 32)} connections", v, "ms", f"<= {TARGET_HIT_P99_MS:g} ms",
                v is not None and v <= TARGET_HIT_P99_MS, "worst of the hit run and the rounds")
    v = field(records, "c1:hit:summary", "p50_ms")
    figures.add(g, "summary hit p50, one connection", v, "ms", f"<= {TARGET_C1_P50_MS:g} ms", v is not None and v <= TARGET_C1_P50_MS)
    v = ratio(rps(records, "hit:drivers-list"), rps(records, "hit:summary"))
    figures.add(g, "drivers list hit / summary hit", v, "x", f">= {TARGET_LIST_VS_SUMMARY:.1f}x",
                v is not None and v >= TARGET_LIST_VS_SUMMARY)
    entries = sorted((k.split(":", 1)[1] for k in records if re.fullmatch(r"invalidation:\d+", k)), key=int)
    few, many = (entries + [None, None])[:2]
    small, large = records.get(f"invalidation:{few}", {}), records.get(f"invalidation:{many}", {})
    small_after = records.get(f"invalidation:{few}-after", {})
    # The large case sits between two small ones (before the fill and after a flush): compared with their mean, a
    # load that drifted during the minutes of filling does not pass for a cost of the entries.
    bracket = [x["server_p50_ms"] for x in (small, small_after) if x.get("server_p50_ms") is not None]
    v = ratio(large.get("server_p50_ms"), sum(bracket) / len(bracket) if bracket else None)
    figures.add(g, f"invalidation p50, {many} / {few} entries", v, "x", f"<= {TARGET_INVALIDATION_RATIO:g}x",
                v is not None and v <= TARGET_INVALIDATION_RATIO,
                f"server-side; {few} entries = mean of before and after ({', '.join(f'{b:.3f}' for b in bracket)} ms)")
    v = large.get("server_p99_ms")
    figures.add(g, f"invalidation p99 with {many} entries", v, "ms", f"<= {TARGET_INVALIDATION_MS:g} ms",
                v is not None and v <= TARGET_INVALIDATION_MS, "server-side")
    mixed = records.get("mixed", {})
    v = mixed.get("hit_rate")
    figures.add(g, "mixed: hit rate after warm-up", v, "%", f">= {TARGET_MIXED_HIT_RATE:.0%}", v is not None and v >= TARGET_MIXED_HIT_RATE)
    errors = None if "requests" not in mixed else int(mixed.get("non2xx", 0) + mixed.get("socket_errors", 0))
    figures.add(g, "mixed: errors (non-2xx + socket)", errors, "", "0", errors == 0)
    v = mixed.get("p99_ms")
    figures.add(g, "mixed: p99", v, "ms", f"<= {TARGET_MIXED_P99_MS:g} ms", v is not None and v <= TARGET_MIXED_P99_MS)
    v = mixed.get("peak_rss_kb")
    v = v / 1024 if v is not None else None
    figures.add(g, "mixed: API peak RSS (VmHWM)", v, "MB", f"<= {TARGET_MIXED_RSS_MB:g} MB", v is not None and v <= TARGET_MIXED_RSS_MB)
    ingest_figures(figures, records)
    scaleout_figures(figures, records)

    scale = [(name[len("scale:"):], r) for name, r in records.items() if name.startswith("scale:") and r.get("kind") == "wrk"]
    if scale or "scale:seed" in records:
        fleet = records.get("scale:fleet", {})
        g = (f"targets: 10x fleet ({int(fleet.get('drivers', 0)):,} drivers, {int(fleet.get('trips', 0)):,} trips, "
             f"{int(fleet.get('events', 0)):,} events), computed (no cache), one connection")
        seed = records.get("scale:seed", {}).get("seconds")
        figures.add(g, "seed of the 10x fleet", seed, "s", f"<= {TARGET_SCALE_SEED_SECONDS:g} s",
                    None if seed is None else seed <= TARGET_SCALE_SEED_SECONDS,
                    "" if seed is not None else "reused, not seeded in this run")
        for label, r in scale:
            v = r.get("p50_ms") if r.get("requests") and not r.get("non2xx") and not r.get("socket_errors") else None
            figures.add(g, f"p50 {label}", v, "ms", f"<= {TARGET_SCALE_P50_MS:g} ms", v is not None and v <= TARGET_SCALE_P50_MS,
                        latency_note(records, "scale:" + label))

    g = "our routes"
    for name, label in (("trivial-anon", "GET /health/live (anonymous)"), ("trivial-auth", "GET /api/v1/auth/me (authenticated)")):
        figures.add(g, label, rps(records, name), "req/s", note=latency_note(records, name))
    for route in ROUTES:
        hit, miss = f"hit:{route}", f"miss:{route}"
        figures.add(g, f"HIT  {ROUTE_PATHS[route]}", rps(records, hit), "req/s", note=latency_note(records, hit))
        figures.add(g, f"MISS {ROUTE_PATHS[route]}", rps(records, miss), "req/s", note=latency_note(records, miss))
    for name, label in (("c1:hit:summary", "HIT  summary, one connection"), ("c1:miss:summary", "MISS summary, one connection")):
        figures.add(g, label + ", p50", field(records, name, "p50_ms"), "ms", note=f"p99 {fmt_ms(field(records, name, 'p99_ms'))}")
    allocation = records.get("counters:hit:summary", {})
    figures.add(g, "allocated per hit (summary)", allocation.get("allocated_per_request"), "B",
                note=(f"{allocation['allocation_rate'] / 1e6:.1f} MB/s at {rps(records, 'counters:hit:summary'):,.0f} req/s; GCs "
                      + ", ".join(f"{k} {v}" for k, v in allocation["gc_counts"].items()))
                if "allocation_rate" in allocation else "dotnet-counters not run")

    g = "peers (GET /api/v1/admin/dashboard/summary)"
    for r in rounds:
        p = f"round{r['round']}:"
        for name, label in (("constant", "constant JSON, auth + MVC"), ("outputcache-auth", "Output Caching, authenticated policy"),
                            ("hybrid", "HybridCache (memory + Redis)"), ("fusion", "FusionCache (memory + Redis + backplane)"),
                            ("outputcache-anon", "Output Caching, anonymous"), ("ours-live", "ours: /health/live"),
                            ("ours-me", "ours: /auth/me"), ("ours-summary", "ours: summary hit")):
            if p + name in records:
                figures.add(g, f"round {r['round']}: {label}", rps(records, p + name), "req/s", note=latency_note(records, p + name))

    g = "invalidation (PATCH /api/v1/admin/drivers/{id}, sequential)"
    for count, rec in ((few, small), (many, large), (f"{few} (again, after a flush)", small_after)):
        if not rec:
            continue
        figures.add(g, f"{count} entries: server-side p50", rec.get("server_p50_ms"), "ms",
                    note=f"p99 {fmt_ms(rec.get('server_p99_ms'))}, mean {fmt_ms(rec.get('server_mean_ms'))}, "
                         f"{rec.get('invalidations', 0)} invalidations, dbsize {int(rec.get('dbsize', 0))}")
        figures.add(g, f"{count} entries: PATCH round trip p50", rec.get("p50_ms"), "ms",
                    note=f"p99 {fmt_ms(rec.get('p99_ms'))}, {int(rec.get('requests', 0))} PATCHes, non-2xx {int(rec.get('non2xx', 0))}")
    fill = records.get("invalidation", {})
    if fill:
        figures.add(g, "entries filled through the API", fill.get("real_entries"), "", note=f"{int(fill.get('copies', 0))} copies added")

    g = "mixed workload"
    figures.add(g, "mixed: throughput", rps(records, "mixed"), "req/s",
                note=f"p50 {fmt_ms(mixed.get('p50_ms'))}, {int(mixed.get('patches', 0))} PATCHes sent")
    for prefix, x in sorted(mixed.get("cache_by_prefix", {}).items()):
        figures.add(g, f"mixed: hit rate {prefix}", x["hit_rate"], "%", note=f"{x['hits']} hits, {x['misses']} misses")

    figures.print()
    passed = sum(1 for r in figures.rows if r["verdict"] == "PASS")
    failed = sum(1 for r in figures.rows if r["verdict"] == "FAIL")
    print(f"\ntargets: {passed} PASS, {failed} FAIL, {sum(1 for r in figures.rows if r['group'].startswith('targets') and r['verdict'] == 'n/a')} n/a"
          f"   total time {run.get('total_seconds', '?')} s   load average at the start {run.get('load', '?')}, "
          f"at the end {run.get('load_end', '?')} on {run.get('nproc', '?')} cores")

    result = {"meta": run, "rounds": rounds, "figures": figures.rows, "records": records}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    os.makedirs(os.path.dirname(svg_path), exist_ok=True)
    with open(svg_path, "w", encoding="utf-8") as f:
        f.write(chart.render(result))


def ingest_figures(figures, records):
    """Issue 13's targets: ingestion throughput beside COPY, and freshness under a stream (bench/ingest.py)."""
    g = "targets: ingestion"
    throughput = records.get("ingest:throughput", {})
    v = throughput.get("events_per_s")
    figures.add(g, f"safety events/s, {throughput.get('gateways', 4)} gateways x batches of {throughput.get('batch', 1000)}", v, "",
                f">= {TARGET_INGEST_EVENTS_PER_S:,}", v is not None and v >= TARGET_INGEST_EVENTS_PER_S,
                note=f"COPY of the same rows {throughput.get('copy_events_per_s') or 0:,.0f}/s; batch p50 "
                     f"{throughput.get('batch_p50_ms') or 0:.0f} ms, p99 {throughput.get('batch_p99_ms') or 0:.0f} ms; "
                     f"{throughput.get('failures', 0)} failed batches")
    fresh = records.get("ingest:freshness", {})
    v = fresh.get("hit_rate")
    figures.add(g, f"hit rate under {fresh.get('rate', 500)} events/s, dashboards polled", v, "%", f">= {TARGET_INGEST_HIT_RATE:.0%}",
                v is not None and v >= TARGET_INGEST_HIT_RATE, note=f"{fresh.get('hits', 0)} hits, {fresh.get('misses', 0)} misses")
    for route, seen in sorted(fresh.get("visible", {}).items()):
        v = seen.get("p99_s")
        figures.add(g, f"200 -> visible p99, {route}", None if v is None else v * 1000, "ms", f"<= {TARGET_INGEST_VISIBLE_S:g} s",
                    v is not None and v <= TARGET_INGEST_VISIBLE_S and seen.get("measured") == seen.get("batches"),
                    note=f"p50 {(seen.get('p50_s') or 0) * 1000:.0f} ms; {seen.get('measured')}/{seen.get('batches')} batches seen")


def latency_note(records, name):
    r = records.get(name, {})
    if r.get("kind") != "wrk" or not r.get("requests"):
        return ""
    text = f"p50 {fmt_ms(r.get('p50_ms'))}, p99 {fmt_ms(r.get('p99_ms'))}"
    if r.get("non2xx") or r.get("socket_errors"):
        text += f", non-2xx {int(r.get('non2xx', 0))}, socket errors {int(r.get('socket_errors', 0))}"
    if "hit_rate" in r and r["hit_rate"] is not None and r.get("cache_misses"):
        text += f", {r['cache_misses']} misses"
    return text


def fmt_ratio(v):
    return "n/a" if v is None else f"{v:.2f}x"


def fmt_ms(v):
    return "n/a" if v is None else f"{v:.3f} ms"


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    {"meta": meta, "secret": secret, "token": token, "shape": shape, "record": record, "record-na": record_na,
     "metrics": metrics, "cache-delta": cache_delta, "nginx-conf": nginx_conf, "scaleout": scaleout, "invalidation": invalidation, "counters": counters, "note": note,
     "report": report}[command](*rest)
