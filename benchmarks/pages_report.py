"""What benchmarks/pages.py prints and writes: a target's line, results.json's figures (with each
page's ratio to /healthz and the big plan's to the small one) and the Markdown table of
benchmarks/README.md."""

from __future__ import annotations

import os
import platform
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

import redis


def line(m: dict) -> str:
    return (
        f"{m['name']:28} {m['per_second']:8.1f}/s  p50 {m['p50_ms']:6.0f}  p95 {m['p95_ms']:6.0f}  "
        f"p99 {m['p99_ms']:6.0f} ms  failed {m['failures']}/{m['requests']}"
    )


def figures(measured, statements, args, postgres, errors, seconds, server: str, redis_url: str) -> dict:
    """What results.json holds: each target's figures, their ratios, the data and the machine."""
    by_name = {m["name"]: m for m in measured}
    baseline = by_name.get("healthz", {}).get("per_second")
    for m in measured:
        m["vs_healthz"] = round(m["per_second"] / baseline, 3) if baseline else None
        m["p95_over_p50"] = round(m["p95_ms"] / m["p50_ms"], 2) if m["p50_ms"] else None
        m["sql_statements"], m["sql_writes"] = statements.get(m["name"], (None, None))
    big_small = {}
    for name in by_name:
        if name.endswith("_big") and (small := by_name.get(name.removesuffix("_big") + "_small")):
            big = by_name[name]
            big_small[name.removesuffix("_big")] = {
                "throughput_small_over_big": round(small["per_second"] / big["per_second"], 2),
                "p50_big_over_small": round(big["p50_ms"] / small["p50_ms"], 2),
            }
    return {
        "what": "each target alone for the same time, one after another, in one run; see benchmarks/README.md",
        "seconds_per_target": args.seconds,
        "concurrent_clients": args.users,
        "server": server,
        "load_generator": f"locust {version('locust')} (FastHttpUser, one process, on the same machine)",
        "data": {
            "plans_in_askoy": 2_000 + 1,
            "big_plan": asdict(pages_data_shapes()["big"]),
            "small_plan": asdict(pages_data_shapes()["small"]),
            "caseload_big_plans": pages_data_shapes()["caseload"][0],
            "caseload_small_plans": pages_data_shapes()["caseload"][1],
        },
        "machine": {
            "nproc": os.cpu_count(),
            "memory_gb": round(_memory_kb() / 1024 / 1024, 1),
            "python": platform.python_version(),
            "postgresql": postgres,
            "redis": redis.Redis.from_url(redis_url).info("server")["redis_version"],
            "cpu": _cpu_model(),
        },
        "server_errors_in_log": len(errors),
        "seconds_in_all": round(seconds),
        "targets": measured,
        "big_vs_small": big_small,
    }


def table(figures: dict) -> str:
    """The figures as the Markdown table in benchmarks/README.md."""
    lines = [
        "| target | req/s | p50 ms | p95 ms | p99 ms | × /healthz | p95/p50 | big/small p50 | SQL (writes) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for m in figures["targets"]:
        pair = figures["big_vs_small"].get(m["name"].removesuffix("_big")) if m["name"].endswith("_big") else None
        sql = "–" if m["sql_statements"] is None else f"{m['sql_statements']} ({m['sql_writes']})"
        ratio = f"×{pair['p50_big_over_small']:.2f}" if pair else ""
        lines.append(
            f"| {m['name']} | {m['per_second']:.1f} | {m['p50_ms']:.0f} | {m['p95_ms']:.0f} | {m['p99_ms']:.0f} "
            f"| {m['vs_healthz']:.3f} | {m['p95_over_p50']:.2f} | {ratio} "
            f"| {sql} |"
        )
    return "\n".join(lines)


def pages_data_shapes() -> dict:
    from benchmarks import pages_data

    return {
        "big": pages_data.BIG,
        "small": pages_data.SMALL,
        "caseload": (pages_data.CASELOAD_BIG, pages_data.CASELOAD_SMALL),
    }


def _memory_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.machine()
