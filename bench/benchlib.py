#!/usr/bin/env python3
"""Helpers for bench/run.sh (standard library only; psql does the talking to PostgreSQL).

  token                                   read the /auth/token JSON on stdin, print access_token
  secret N                                print N random URL-safe characters
  capture LOG_DIR OUT.json                turn PostgreSQL's jsonlog (written while the API served one request per
                                          'bench-marker:<label>' statement) into the statements each label sent
  explain PORT DB STATEMENTS.json OUT.txt SUMMARY.json
                                          EXPLAIN (ANALYZE, BUFFERS) every captured statement with its captured
                                          parameters; full plans to OUT.txt, one summary row per statement to SUMMARY.json
  explain-table AS_SEEDED.json VACUUMED.json
                                          print the per-statement summary table
  metric URL PREFIX                       print "hits misses" of the response cache for one key prefix (/metrics)
  wrk-line                                parse wrk's WRK_RESULT line on stdin into shell-friendly "k=v" pairs
  wrk-table RESULTS.tsv                   print the latency table and the ratios
"""
import json
import os
import re
import statistics
import subprocess
import sys
import urllib.request

BIG_TABLES = ("trips", "safety_events")
MARKER = re.compile(r"bench-marker:([A-Za-z0-9_.-]+)")
EXECUTE = re.compile(r"^duration: ([\d.]+) ms\s+execute ([^:]+): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
SCAN = re.compile(r"(Parallel )?(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)"
                  r"(?: Backward)?(?: using (\S+))? on (\w+)")
LOOPS = re.compile(r"rows=(\d+) loops=(\d+)\)")


def token():
    print(json.load(sys.stdin)["access_token"])


def secret(n):
    import secrets
    print(secrets.token_urlsafe(int(n) * 2)[: int(n)])


def capture(log_dir, out_path):
    entries = []
    for name in sorted(os.listdir(log_dir)):
        if name.endswith(".json"):
            with open(os.path.join(log_dir, name), encoding="utf-8") as f:
                entries.extend(json.loads(line) for line in f if line.strip())
    labels, current = {}, None
    for e in entries:
        message = e.get("message", "")
        if e.get("application_name") == "psql" or e.get("backend_type") != "client backend":
            marker = MARKER.search(message)
            if marker and "statement:" in message:
                current = marker.group(1)
                labels.setdefault(current, [])
            continue
        m = EXECUTE.match(message)
        if not m or current is None or current == "end":
            continue
        params = {}
        detail = e.get("detail", "") or ""
        if detail.lower().startswith("parameters:"):
            for number, value in PARAM.findall(detail):
                params[int(number)] = value
        values = [params.get(i, "NULL") for i in range(1, max(params, default=0) + 1)]
        labels[current].append({"api_ms": float(m.group(1)), "sql": m.group(3).strip(), "params": values})
    labels.pop("end", None)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1)
    total = sum(len(v) for v in labels.values())
    print(f"captured {total} statements for {len(labels)} requests: "
          + ", ".join(f"{k}={len(v)}" for k, v in labels.items()))
    empty = [k for k, v in labels.items() if not v]
    if empty:
        print(f"warning: no SQL captured for {', '.join(empty)}", file=sys.stderr)


def psql(port, db, commands):
    args = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db]
    for c in commands:
        args += ["-c", c]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done.stdout


def explain_runs(port, db, sql, params, runs, settings=()):
    """Runs EXPLAIN ANALYZE runs+1 times on a prepared statement (first run warms, and is dropped)."""
    execute = "EXECUTE bench_s" + (f"({', '.join(params)})" if params else "")
    commands = ["SET plan_cache_mode = force_custom_plan", *settings, f"PREPARE bench_s AS {sql}"]
    for _ in range(runs + 1):
        commands += [f"EXPLAIN (ANALYZE, BUFFERS, SETTINGS) {execute}", r"\echo @@SPLIT@@"]
    out = psql(port, db, commands)
    plans = [p.strip("\n") for p in out.split("@@SPLIT@@\n")][1:runs + 1]
    return plans


def plan_figures(plan):
    execution = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    planning = float(re.search(r"Planning Time: ([\d.]+) ms", plan).group(1))
    scans = []
    for line in plan.splitlines():
        s = SCAN.search(line)
        if s and s.group(4) in BIG_TABLES:
            loops = LOOPS.search(line)
            node = ("Parallel " if s.group(1) else "") + s.group(2)
            scans.append({"table": s.group(4), "node": node, "index": s.group(3),
                          "rows": int(loops.group(1)) if loops else None,
                          "loops": int(loops.group(2)) if loops else None})
    heap_fetches = sum(int(x) for x in re.findall(r"Heap Fetches: (\d+)", plan))
    top = re.search(r"Buffers: ([^\n]+)", plan)
    return {"exec_ms": execution, "plan_ms": planning, "scans": scans, "heap_fetches": heap_fetches,
            "buffers": top.group(1).strip() if top else ""}


def describe_scans(scans):
    seen = []
    for s in scans:
        text = f"{s['node']} {s['table']}" + (f" ({s['index']})" if s["index"] else "")
        if s["loops"] and s["loops"] > 1:
            text += f" x{s['loops']}"
        if s["node"].endswith("Seq Scan") and s["rows"] is not None:
            text += f" rows={s['rows'] * (s['loops'] or 1)}"
        if text not in seen:
            seen.append(text)
    return "; ".join(seen) or "-"


def explain(port, db, statements_path, out_path, summary_path, runs="3"):
    runs = int(runs)
    with open(statements_path, encoding="utf-8") as f:
        labels = json.load(f)
    rows = []
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) of the SQL the API sent, captured from PostgreSQL's log with its\n"
                  f"parameter values; each statement run {runs + 1} times as a custom-planned prepared statement, the\n"
                  f"first run dropped, the plan shown is the last; 'median' is the median execution time of the {runs}.\n\n")
        for label, statements in labels.items():
            for n, st in enumerate(statements, 1):
                name = f"{label}#{n}"
                out.write("=" * 110 + f"\n{name}   (API's own execution: {st['api_ms']:.2f} ms)\n")
                out.write(st["sql"] + "\n")
                if st["params"]:
                    out.write("-- parameters: " + ", ".join(f"${i} = {v}" for i, v in enumerate(st["params"], 1)) + "\n")
                try:
                    plans = explain_runs(port, db, st["sql"], st["params"], runs)
                except RuntimeError as e:
                    out.write(f"-- EXPLAIN failed: {e}\n\n")
                    rows.append({"name": name, "error": str(e)})
                    continue
                figures = [plan_figures(p) for p in plans]
                last = figures[-1]
                row = {"name": name, "api_ms": st["api_ms"], "median_ms": statistics.median(f["exec_ms"] for f in figures),
                       "runs_ms": [f["exec_ms"] for f in figures], "plan_ms": last["plan_ms"],
                       "scans": describe_scans(last["scans"]), "heap_fetches": last["heap_fetches"],
                       "buffers": last["buffers"],
                       "seq_big": sorted({s["table"] for s in last["scans"] if s["node"].endswith("Seq Scan")}),
                       "sql_head": " ".join(st["sql"].split())[:90]}
                out.write(f"-- execution ms: {', '.join(f'{x:.2f}' for x in row['runs_ms'])}  (median {row['median_ms']:.2f})\n")
                out.write(plans[-1] + "\n")
                if row["seq_big"]:
                    # Evidence for or against an index: the same statement with sequential scans discouraged.
                    alt = explain_runs(port, db, st["sql"], st["params"], runs, ["SET enable_seqscan = off"])
                    alt_figures = [plan_figures(p) for p in alt]
                    row["noseq_ms"] = statistics.median(f["exec_ms"] for f in alt_figures)
                    row["noseq_scans"] = describe_scans(alt_figures[-1]["scans"])
                    out.write(f"\n-- same statement with enable_seqscan = off: median {row['noseq_ms']:.2f} ms\n{alt[-1]}\n")
                out.write("\n")
                rows.append(row)
    with open(summary_path, "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)


def explain_table(as_seeded_path, vacuumed_path):
    def load(path):
        try:
            with open(path, encoding="utf-8") as f:
                return {r["name"]: r for r in json.load(f)}
        except FileNotFoundError:
            return {}
    before, after = load(as_seeded_path), load(vacuumed_path)
    header = f"{'statement':<22} {'as-seeded':>9} {'vacuumed':>9} {'heapF':>7} {'noSeq':>8}  access to trips / safety_events (vacuumed plan)"
    print(header)
    print("-" * len(header))
    for name, r in after.items():
        if "error" in r:
            print(f"{name:<22} EXPLAIN failed: {r['error']}")
            continue
        b = before.get(name, {})
        seeded = f"{b['median_ms']:.2f}" if "median_ms" in b else "-"
        noseq = f"{r['noseq_ms']:.2f}" if "noseq_ms" in r else ""
        flag = "  <-- SEQ SCAN " + ",".join(r["seq_big"]) if r["seq_big"] else ""
        print(f"{name:<22} {seeded:>9} {r['median_ms']:>9.2f} {b.get('heap_fetches', 0):>7} {noseq:>8}  {r['scans']}{flag}")
    print()
    for name, r in after.items():
        if "sql_head" in r:
            print(f"  {name:<22} {r['sql_head']}")
    print("(ms = median EXPLAIN ANALYZE execution time; heapF = heap fetches of index-only scans before VACUUM;"
          " noSeq = same statement with enable_seqscan=off, shown only where trips/safety_events are seq-scanned)")


def metric(url, prefix):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
    except Exception:
        print("n/a n/a")
        return
    def total(name):
        pattern = re.compile(r"^" + name + r"\{([^}]*)\} ([0-9.eE+-]+)", re.M)
        values = [float(v) for labels, v in pattern.findall(text)
                  if f'cache_key_pattern="{prefix}"' in labels and 'cache_type="response"' in labels]
        return str(int(sum(values))) if values else "n/a"
    print(total("cache_hits_total"), total("cache_misses_total"))


def wrk_line():
    for line in sys.stdin:
        if line.startswith("WRK_RESULT "):
            print(line[len("WRK_RESULT "):].strip())
            return
    print("rps=0 p50_ms=0 p90_ms=0 p99_ms=0 requests=0 non2xx=0 socket_errors=0 error=no_result")


def wrk_table(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, route, mode, conns, rest = line.rstrip("\n").split("\t", 4)
            values = dict(kv.split("=", 1) for kv in rest.split())
            rows.append({"label": label, "route": route, "mode": mode, "conns": conns, **values})
    head = f"{'route':<44} {'mode':<8} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'requests':>9} {'non2xx':>6} {'cache hits/misses':>18}"
    print(head)
    print("-" * len(head))
    for r in rows:
        cache = f"{r.get('hits', '')}/{r.get('misses', '')}" if r.get("hits") not in (None, "", "-") else "-"
        print(f"{r['route']:<44} {r['mode']:<8} {r['conns']:>5} {float(r['rps']):>9.0f} {float(r['p50_ms']):>8.2f} "
              f"{float(r['p90_ms']):>8.2f} {float(r['p99_ms']):>8.2f} {r['requests']:>9} {r['non2xx']:>6} {cache:>18}")
    by = {r["label"]: r for r in rows}

    def ratio(a, b, key, invert=False):
        if a not in by or b not in by:
            return "n/a"
        x, y = float(by[a][key]), float(by[b][key])
        if invert:
            x, y = y, x
        return f"{x / y:.2f}" if y else "n/a"
    print()
    print("ratios (same run, same machine):")
    for name, hit, miss in (("dashboard/summary", "summary-hit", "summary-bypass"),
                            ("drivers?limit=100", "drivers-hit", "drivers-bypass")):
        print(f"  {name:<18} HIT/MISS req/s = {ratio(hit, miss, 'rps'):>6}   MISS/HIT p50 = {ratio(miss, hit, 'p50_ms'):>6}"
              f"   MISS/HIT p99 = {ratio(miss, hit, 'p99_ms'):>6}   HIT/trivial req/s = {ratio(hit, 'trivial', 'rps'):>5}"
              f"   HIT/trivial p50 = {ratio(hit, 'trivial', 'p50_ms'):>5}")
    if "summary-hit-c1" in by:
        for name, hit, miss in (("dashboard/summary", "summary-hit-c1", "summary-bypass-c1"),
                                ("drivers?limit=100", "drivers-hit-c1", "drivers-bypass-c1")):
            print(f"  {name:<18} 1 connection: HIT p50 {float(by[hit]['p50_ms']):.2f} ms vs MISS p50 "
                  f"{float(by[miss]['p50_ms']):.2f} ms  (MISS/HIT = {ratio(miss, hit, 'p50_ms')})")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"token": token, "secret": secret, "capture": capture, "explain": explain, "explain-table": explain_table,
     "metric": metric, "wrk-line": wrk_line, "wrk-table": wrk_table}[command](*arguments)
