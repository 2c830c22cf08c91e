#!/usr/bin/env python3
"""The chart of ./bench.sh: throughput and p99 per scenario, ours beside the peers, as plain SVG text.

  python3 bench/chart.py bench/results/bench.json docs/performance/bench.svg    (bench.py calls render() itself)
"""
import json
import sys
from xml.sax.saxutils import escape

PEER_ROWS = (
    ("constant", "constant JSON (auth + MVC)", "peer"),
    ("outputcache-auth", "Output Caching, auth policy", "peer"),
    ("hybrid", "HybridCache", "peer"),
    ("fusion", "FusionCache", "peer"),
    ("outputcache-anon", "Output Caching, anonymous", "peer"),
    ("ours-live", "ours: /health/live", "ours-trivial"),
    ("ours-me", "ours: /auth/me", "ours-trivial"),
    ("ours-summary", "ours: summary HIT", "ours"),
)
HIT_ROWS = (
    ("stats", "HIT dashboard/stats"), ("summary", "HIT dashboard/summary"), ("trip-activity", "HIT trip-activity"),
    ("risk-distribution", "HIT risk-distribution"), ("safety-events", "HIT safety-events"),
    ("drivers-list", "HIT drivers?limit=100"), ("driver-details", "HIT drivers/{id}/details"),
)
COLORS = {"peer": ("#7f8c9d", "#aab4c0"), "ours-trivial": ("#3f8f5f", "#7cc39a"), "ours": ("#d9641e", "#f0a36f")}

WIDTH, LABEL_W, PANEL_W, GAP = 1000, 210, 350, 40
BAR_H, ROW_PAD, TOP = 11, 8, 96


def rows_of(result):
    records, rounds = result["records"], [r["round"] for r in result["rounds"]]
    rows = []
    for key, label, kind in PEER_ROWS:
        bars = []
        for n in rounds:
            r = records.get(f"round{n}:{key}")
            if r and r.get("requests"):
                bars.append((f"round {n}", r["rps"], r["p99_ms"]))
        if bars:
            rows.append({"label": label, "kind": kind, "bars": bars})
    hits = []
    for key, label in HIT_ROWS:
        r = records.get(f"hit:{key}")
        if r and r.get("requests"):
            hits.append({"label": label, "kind": "ours", "bars": [("", r["rps"], r["p99_ms"])]})
    return rows, hits


def render(result):
    meta = result["meta"]
    rows, hits = rows_of(result)
    all_rows = rows + ([{"separator": "our seven cached routes as hits (one run each)"}] if hits else []) + hits
    max_rps = max([b[1] for r in rows + hits for b in r["bars"]] or [1]) * 1.15
    max_p99 = max([b[2] for r in rows + hits for b in r["bars"]] or [1]) * 1.15
    targets = sum(1 for r in result["figures"] if r["group"].startswith("targets"))
    height = TOP + sum(24 if "separator" in r else len(r["bars"]) * BAR_H + ROW_PAD * 2 for r in all_rows) + 50 + 15 * ((targets + 2) // 3)
    x_rps, x_p99 = LABEL_W, LABEL_W + PANEL_W + GAP
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
           'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
           text(16, 24, "FleetTelematics ./bench.sh: our cached dashboard summary vs the peers", size=16, weight="bold"),
           text(16, 44, f"{meta.get('date', '')[:10]} · machine: {meta.get('nproc', '?')} cores, {meta.get('cpu', '?')} · "
                        f"load average at the start {meta.get('load', '?')} · commit {meta.get('commit', '?')}", size=12),
           text(16, 62, f"wrk -t{meta.get('threads')} -c{meta.get('connections')} -d{meta.get('duration')} on loopback, "
                        f"{len(result['rounds'])} interleaved rounds (darker bar: round 1); same machine runs wrk, the API, "
                        "PostgreSQL and Redis", size=11, fill="#555555"),
           text(x_rps, TOP - 12, "throughput, req/s (longer is better)", weight="bold"),
           text(x_p99, TOP - 12, "p99 latency, ms (shorter is better)", weight="bold")]
    y = TOP
    for row in all_rows:
        if "separator" in row:
            out.append(f'<line x1="16" y1="{y + 6}" x2="{WIDTH - 16}" y2="{y + 6}" stroke="#cccccc"/>')
            out.append(text(16, y + 19, row["separator"], fill="#555555", style="italic"))
            y += 24
            continue
        row_h = len(row["bars"]) * BAR_H + ROW_PAD * 2
        out.append(text(LABEL_W - 8, y + row_h / 2 + 4, row["label"], anchor="end",
                        weight="bold" if row["kind"] == "ours" else "normal"))
        for i, (_, value_rps, value_p99) in enumerate(row["bars"]):
            color = COLORS[row["kind"]][min(i, 1)]
            by = y + ROW_PAD + i * BAR_H
            w = PANEL_W * value_rps / max_rps
            out.append(f'<rect x="{x_rps}" y="{by}" width="{w:.1f}" height="{BAR_H - 2}" fill="{color}"/>')
            out.append(text(x_rps + w + 4, by + BAR_H - 3, f"{value_rps:,.0f}", size=10))
            w = PANEL_W * value_p99 / max_p99
            out.append(f'<rect x="{x_p99}" y="{by}" width="{w:.1f}" height="{BAR_H - 2}" fill="{color}"/>')
            out.append(text(x_p99 + w + 4, by + BAR_H - 3, f"{value_p99:.2f}", size=10))
        y += row_h
    for x in (x_rps, x_p99):
        out.append(f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{y}" stroke="#333333"/>')
    verdicts = [f"{r['figure']} {value_text(r)} ({r['target']}): {r['verdict']}"
                for r in result["figures"] if r["group"].startswith("targets")]
    y += 22
    for i in range(0, len(verdicts), 3):
        out.append(text(16, y, ("targets: " if i == 0 else "") + ";   ".join(verdicts[i:i + 3]), size=10, fill="#555555"))
        y += 15
    out.append(text(16, y + 4, "full table: bench/results/bench.json; the targets are ratios within this run", size=10, fill="#555555"))
    out.append("</svg>\n")
    return "\n".join(out)


def value_text(row):
    value, unit = row["value"], row["unit"]
    if value is None:
        return "n/a"
    return {"x": f"{value:.2f}x", "ms": f"{value:.2f} ms", "%": f"{value * 100:.1f} %", "MB": f"{value:.0f} MB"}.get(unit, f"{value:g}")


def text(x, y, content, size=11, weight="normal", anchor="start", fill="#222222", style="normal"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" font-style="{style}" '
            f'text-anchor="{anchor}" fill="{fill}">{escape(str(content))}</text>')


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        svg = render(json.load(f))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(svg)
