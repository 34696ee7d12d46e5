#!/usr/bin/python3
"""report.py — turns the results bench/run collected into BENCHMARKS.md (on stdout) and the
growth plots (SVG). Every comparison row puts twinsync's figure beside the peer's or the limit's
figure from the same run, with their ratio and the goal from the issue that set it.

Usage: bench/report.py RESULTS_DIR [--quick 0|1] [--command "bench/run"] [--plots docs/bench]
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess


def load_gbench(path):
    """Google Benchmark JSON: name -> the benchmark's row (aggregates ignored)."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    return {b["name"]: b for b in data.get("benchmarks", []) if b.get("run_type", "iteration") == "iteration"}


def load_lines(path):
    """One JSON object per line: name -> object."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                obj = json.loads(line)
                out[obj["name"]] = obj
    return out


def ns(row):
    """A Google Benchmark row's time per iteration in ns."""
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[row.get("time_unit", "ns")]
    return row["real_time"] * scale


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    debian = ""
    try:
        with open("/etc/debian_version") as f:
            debian = "Debian " + f.read().strip()
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {mem}, {debian}, Linux {platform.release()}"


def commit(results):
    """The commit the results were measured at (bench/run notes it), else HEAD."""
    if os.path.exists(f"{results}/commit.txt"):
        return open(f"{results}/commit.txt").read().strip()
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def fmt(x, unit=""):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    if abs(x) >= 100:
        s = f"{x:,.0f}"
    elif abs(x) >= 10:
        s = f"{x:.1f}"
    else:
        s = f"{x:.2f}"
    return s + (" " + unit if unit else "")


def svg_plot(path, title, xlabel, ylabel, points):
    """A small line chart with the points and the straight line through the origin and the last
    point: a linear growth stays on that line."""
    w, h, m = 520, 320, 60
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    xmax, ymax = max(xs) * 1.05, max(ys) * 1.15

    def px(x):
        return m + (w - 2 * m) * x / xmax

    def py(y):
        return h - m - (h - 2 * m) * y / ymax

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
             f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="black"/>',
             f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="black"/>',
             f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">{xlabel}</text>',
             f'<text x="15" y="{h / 2}" text-anchor="middle" transform="rotate(-90 15 {h / 2})">{ylabel}</text>']
    for i in range(5):
        yv = ymax * i / 4
        parts.append(f'<text x="{m - 5}" y="{py(yv) + 4}" text-anchor="end">{yv:.3g}</text>')
        xv = xmax * i / 4
        parts.append(f'<text x="{px(xv)}" y="{h - m + 16}" text-anchor="middle">{xv:.3g}</text>')
    lx, ly = xs[-1], ys[-1]
    parts.append(f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(xmax)}" y2="{py(ly / lx * xmax)}" stroke="#aaa" '
                 f'stroke-dasharray="4 4"/>')
    pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
    parts.append(f'<polyline points="{pts}" fill="none" stroke="#1f5fbf" stroke-width="2"/>')
    for x, y in points:
        parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="#1f5fbf"/>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


# Requests per synced change before the API-cost work (issue 15: the first three as filed, the
# last two measured by the same bench at 95c666f), and its goals.
API_COST_BEFORE = {"a bug created with 2 comments": 12.3, "a summary edit": 5.0, "a new comment": 6.9,
                   "a status change (3 transitions on QA)": 18.0, "an attachment": 7.0}


def api_cost_section(path):
    """The tracker requests per synced change, by tracker and kind, from bench_api_cost's lines."""
    if not os.path.exists(path):
        return
    rows = [json.loads(line) for line in open(path) if line.strip()]
    if not rows:
        return
    print("\n## API cost: tracker requests per synced change\n")
    print(f"`bench_api_cost --issues {rows[0]['changes']}`: two nodes running `examples/outsourced_qa` with "
          "webhooks, polling as the safety net and `dedicatedAccount true`; people make the changes. Counted by "
          "the embedded trackers (every request they answer for the nodes' account), per synced change.\n")
    print("| change | requests | by tracker and kind | before | goal | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        kinds = "; ".join(f"{t}: " + ", ".join(f"{k} {n:.2g}" for k, n in sorted(by.items()))
                          for t, by in sorted(r["by_tracker"].items()))
        before = API_COST_BEFORE.get(r["change"])
        goal = r.get("goal") or 0
        met = "—" if not goal else ("yes" if r["requests_per_change"] <= goal else "**no**")
        settled = "" if r.get("settled", True) else " (did not settle)"
        print(f"| {r['change']}{settled} | {r['requests_per_change']:.2f} | {kinds} | "
              f"{before if before is not None else ''} | {'≤ ' + str(goal) if goal else '(reported)'} | {met} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--quick", default="0")
    ap.add_argument("--command", default="bench/run")
    ap.add_argument("--plots", default="docs/bench")
    ap.add_argument("--section", default="", help="print only this section (api_cost)")
    a = ap.parse_args()
    r = a.results
    if a.section == "api_cost":
        api_cost_section(f"{r}/api_cost.jsonl")
        return
    lang = load_gbench(f"{r}/language.json")
    conn = load_gbench(f"{r}/connector.json")
    trk = load_gbench(f"{r}/tracker.json")
    store = load_gbench(f"{r}/store.json")
    e2e = load_lines(f"{r}/e2e.jsonl")
    groovy = load_lines(f"{r}/groovy.jsonl")
    pysync = load_lines(f"{r}/python_sync.jsonl")
    load = {}
    if os.path.exists(f"{r}/tracker_load.txt"):
        for line in open(f"{r}/tracker_load.txt"):
            m = re.match(r"(\w+)\s+([\d.]+) req/s\s+p50\s+([\d.]+) us\s+p99\s+([\d.]+) us", line)
            if m:
                load[m.group(1)] = (float(m.group(2)), float(m.group(3)), float(m.group(4)))
    py_read_us = None
    if os.path.exists(f"{r}/python_jira_read.txt"):
        m = re.search(r": ([\d.]+) us", open(f"{r}/python_jira_read.txt").read())
        py_read_us = float(m.group(1)) if m else None

    rows = []  # (what, twinsync, peer or limit, ratio, goal, met)
    block_ratios = {"outgoing": [], "incoming": []}  # Groovy's time over ours, per rule block

    def row(what, ours, theirs, ratio, goal, met):
        rows.append((what, ours, theirs, ratio, goal, "yes" if met else ("**no**" if met is False else "—")))

    lint = lang.get("BM_LintAndCompileLines/5000")
    if lint:
        t = ns(lint) / 1e6
        row("lint + compile a 5,000-line rule file", fmt(t, "ms"), "", "", "< 150 ms", t < 150)
    for name, b in sorted(lang.items()):
        if name.startswith("BM_LintAndCompile") or name == "BM_JqlPredicate6Clauses":
            continue
        if name == "BM_MergeCommentsUnchanged":  # a part of the incoming blocks, not a block
            row("`merge()` of 9 synced comments when nothing changed (an edit of another field)", fmt(ns(b), "ns"),
                "", "", "(reported)", None)
            continue
        ours = ns(b)
        g = groovy.get(name)
        theirs = g["ns_per_change"] if g else None
        ratio = theirs / ours if theirs else None
        if name == "BM_ExalateDefaultOutgoing":
            row("Exalate's default outgoing script (14 fields, 10 comments) on one core", f"{fmt(1e9 / ours / 1e6)} M/s",
                "", "", "≥ 5 M/s", 1e9 / ours >= 5e6)
        goal = "≥ 10× Groovy"
        met = ratio >= 10 if ratio else None
        if ratio:
            block_ratios["incoming" if name.endswith("Incoming") else "outgoing"].append(ratio)
        row(f"rule block `{name[3:]}` per change (twinsync VM vs Exalate-style Groovy)",
            f"{fmt(ours, 'ns')} ({fmt(1e9 / ours / 1e6)} M/s)", fmt(theirs, "ns") if theirs else "—",
            f"{ratio:.1f}×" if ratio else "—", goal, met)
    jql = lang.get("BM_JqlPredicate6Clauses")
    if jql:
        rate = 1e9 / ns(jql)
        row("6-clause JQL predicate", f"{fmt(rate / 1e6)} M evals/s", "", "", "≥ 5 M/s", rate >= 5e6)
    if "get" in load:
        g = load["get"]
        row("embedded tracker: issue GETs from a second process", fmt(g[0], "/s"), "", "", "≥ 5,000/s", g[0] >= 5000)
    if "create" in load:
        c = load["create"]
        row("embedded tracker: issue creates from a second process", fmt(c[0], "/s"), "", "", "≥ 1,000/s", c[0] >= 1000)
    cg = conn.get("BM_ConnectorGetIssue")
    if cg:
        ours = ns(cg) / 1e3
        ratio = py_read_us / ours if py_read_us else None
        row("connector overhead reading an issue answer (no network)", fmt(ours, "µs"),
            f"python3-jira {fmt(py_read_us, 'µs')}" if py_read_us else "—", f"{ratio:.1f}×" if ratio else "—",
            "(reported)", None)
    raw_full = next((b["commits_per_s"] for n, b in store.items() if n.startswith("BM_SqliteCommit/full:1")), None)
    raw_normal = next((b["commits_per_s"] for n, b in store.items() if n.startswith("BM_SqliteCommit/full:0")), None)
    for name, b in sorted(store.items(), key=lambda kv: kv[1].get("batch", 0)):
        if not name.startswith("BM_Outgoing/"):
            continue
        batch = int(b.get("batch", 0))
        rate = b["changes_per_s"]
        row(f"changes through rules and store, `synchronous=FULL`, {batch} per transaction",
            fmt(rate, "/s"), f"raw FULL commits {fmt(raw_full, '/s')}" if raw_full else "—",
            f"{rate / raw_full:.2f}×" if raw_full else "—", "≥ 10,000/s" if batch == 32 else "(reported)",
            rate >= 10000 if batch == 32 else None)
    rss = next((b for n, b in store.items() if n.startswith("BM_PeakRss100kTwins")), None)
    if rss:
        row("peak RSS of a store and engine holding 100,000 twins", fmt(rss["peak_rss_mb"], "MB"),
            f"store file {fmt(rss.get('store_file_mb'), 'MB')}", "", "≤ 100 MB", rss["peak_rss_mb"] <= 100)
    if raw_normal:
        row("raw SQLite commits, WAL, `synchronous=NORMAL` (a limit)", fmt(raw_normal, "/s"), "", "", "", None)
    lo = e2e.get("e2e_latency_low")
    if lo:
        row("end-to-end latency, low load (p50 / p99)", f"{fmt(lo['p50_ms'])} / {fmt(lo['p99_ms'])} ms",
            "", "", "p99 < 100 ms", lo["p99_ms"] < 100)
    hi = next((v for k, v in e2e.items() if k.startswith("e2e_latency_r")), None)
    if hi:
        row(f"end-to-end latency at {fmt(hi['edits_per_second'])} edits/s (p50 / p99)",
            f"{fmt(hi['p50_ms'])} / {fmt(hi['p99_ms'])} ms", "", "", "(reported)", None)
    tp = e2e.get("e2e_throughput")
    raw = e2e.get("raw_loopback_http")
    if tp:
        row("sustained end-to-end throughput, issues with 2 comments while they are created",
            fmt(tp["issues_per_second"], "issues/s"),
            f"raw loopback HTTP {fmt(raw['requests_per_second'], 'req/s')}" if raw else "—",
            f"{tp['issues_per_second'] / raw['requests_per_second'] * 100:.2f} % of it" if raw else "—", "(reported)", None)
        if raw_full:
            row("the same against the raw SQLite commit rate", fmt(tp["issues_per_second"], "issues/s"),
                f"raw FULL commits {fmt(raw_full, '/s')}", f"{tp['issues_per_second'] / raw_full * 100:.1f} % of it",
                "(reported)", None)
    cmp = e2e.get("e2e_sync_300_c2")
    ps = pysync.get("python_jira_sync")
    if cmp and ps:
        ratio = cmp["issues_per_second"] / ps["issues_per_second"]
        row("300 issues (2 comments each) synced blue → green, issues/s", fmt(cmp["issues_per_second"]),
            f"python3-jira script {fmt(ps['issues_per_second'])}", f"{ratio:.1f}×", "≥ 20×", ratio >= 20)

    print("# Benchmarks\n")
    print(f"Written by `{a.command}` on {datetime.date.today().isoformat()} at commit `{commit(r)}`.  ")
    print(f"Machine: {machine()}.\n")
    if a.quick == "1":
        print("> **Quick run** (`--quick`): small sizes to check the pipeline; not the figures to quote.\n")
    print("Every figure in a row was measured in the same run. Ratios are the peer's time over twinsync's "
          "(higher is better for twinsync). The machine is shared by the trackers, the nodes and the peers, "
          "so end-to-end figures include the trackers' own work.\n")
    print("| what | twinsync | peer or limit | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for w_, o, t, ra, g, met in rows:
        print(f"| {w_} | {o} | {t} | {ra} | {g} | {met} |")

    api_cost_section(f"{r}/api_cost.jsonl")

    misses = [w_ for w_, o, t, ra, g, met in rows if met == "**no**"]
    if misses:
        print("\n## Goals not met\n")
        print("Said plainly, with what the figures show about why:\n")
        def span(xs):
            return f"{min(xs):.1f}–{max(xs):.1f}×" if xs else "—"

        all_blocks = block_ratios["outgoing"] + block_ratios["incoming"]
        if all_blocks and min(all_blocks) < 10:
            print(f"- **Rule blocks against Groovy (goal 10×).** Outgoing blocks run {span(block_ratios['outgoing'])} "
                  f"faster than their Groovy twins, incoming blocks {span(block_ratios['incoming'])}. An incoming "
                  "block's cost is mostly `merge()` of comment lists: records matched by id and compared field by "
                  "field, and a new list when something changed. Exalate's merge helpers are compiled Java, so the "
                  "peer runs that part as JIT-compiled code too, and no interpreter dispatch is left to win back "
                  "there. The VM's dispatch is not the limit elsewhere: an empty Groovy script alone costs about "
                  "200 ns, a whole 14-field outgoing block here about 150 ns.")
        if cmp and ps and cmp["issues_per_second"] < 20 * ps["issues_per_second"]:
            need = 20 * ps["issues_per_second"]
            limit = ""
            if raw:
                limit = (f" At the very least a synced issue is three HTTP requests on this machine (the event from "
                         f"node to node, the create on green, green's webhook of it): {fmt(3 * need, 'req/s')}, against "
                         f"{fmt(raw['requests_per_second'], 'req/s')} measured in this run for a server that does "
                         f"nothing at all, before any JSON, rule, SQLite commit or tracker work.")
            print(f"- **End to end against a python3-jira script (goal 20×).** 20× the script is "
                  f"{fmt(need, 'issues/s')}, out of reach on these two cores.{limit} twinsync also makes more "
                  "requests per issue than the script (about a dozen to four): it reads each changed issue and a "
                  "created one back, labels a create for exactly-once and removes the label, records the link state "
                  "on both issues, and reads the webhooks of its own writes to recognise them as echoes: what buys "
                  "order, exactly-once, echo suppression and crash recovery, which the script does not have.")
        print("- **Latency at 500 edits/s** is reported, not a goal: the two nodes and two trackers on two cores "
              "sustain about 200 changes/s, so at 500/s a backlog builds and p99 grows with the run's length.")

    os.makedirs(a.plots, exist_ok=True)

    def growth(name, title, intro, columns, points, row_text, plot_labels):
        """A growth section: a table row per point, then the plot of the points."""
        print(f"\n## Growth: {title}\n")
        if intro:
            print(intro + "\n")
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for x, y in points:
            print(row_text(x, y))
        svg_plot(f"{a.plots}/{name}_growth.svg", *plot_labels, points)
        print(f"\n![{name} growth]({a.plots}/{name}_growth.svg)")

    lint_points = sorted((int(n.split("/")[1]), ns(b) / 1e6) for n, b in lang.items() if n.startswith("BM_LintAndCompileLines/"))
    if lint_points:
        growth("lint", "lint + compile time against rule-file size", "", ("lines", "ms", "ms per 1,000 lines"),
               lint_points, lambda n, t: f"| {n:,} | {t:.1f} | {t / n * 1000:.2f} |",
               ("lint + compile time", "rule-file lines", "ms"))
    bulk = sorted((v["issues"], v["seconds"]) for k, v in e2e.items() if k.startswith("e2e_bulk_"))
    if bulk:
        growth("bulk", "bulk sync time against the number of issues",
               "`bulk` on a trigger that matches every issue already on blue, until every twin exists on green "
               "(two nodes over the signed transport, both trackers in the same process).",
               ("issues", "seconds", "issues/s"), bulk, lambda n, s: f"| {n:,} | {s:.1f} | {n / s:.0f} |",
               ("bulk sync time", "issues", "seconds"))

    print("\n## Every benchmark\n")
    print("| benchmark | time per iteration | throughput |")
    print("|---|---|---|")
    for group in (lang, conn, trk, store):
        for name, b in group.items():
            thr = b.get("items_per_second")
            print(f"| `{name}` | {fmt(ns(b), 'ns')} | {fmt(thr, '/s') if thr else ''} |")
    for name, v in {**e2e, **pysync, **groovy}.items():
        rest = ", ".join(f"{k} {fmt(x) if isinstance(x, (int, float)) else x}" for k, x in v.items() if k != "name")
        print(f"| `{name}` | {rest} | |")
    for line in open(f"{r}/tracker_load.txt") if os.path.exists(f"{r}/tracker_load.txt") else []:
        print(f"| tracker load `{line.split()[0]}` | {' '.join(line.split()[1:])} | |")

    print("\n## Reproduce\n")
    print("```sh\nbench/run            # about 20 minutes; writes this file and docs/bench/*.svg\n"
          "bench/run --quick    # a few minutes, small sizes\n```\n")
    print("Single parts: `build/release/bin/bench_language`, `bench_connector`, `bench_tracker`, `bench_store` "
          "(Google Benchmark), `bench_e2e --mode latency|throughput|bulk|http`, `bench_tracker_load --url URL --token T` "
          "against `twinsync tracker`, and the peers in `bench/peers/` (see its README).")


if __name__ == "__main__":
    main()
