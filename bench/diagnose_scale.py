"""Benchmark: `diagnose` on a large log: wall time, how it grows with the log, peak memory.

A log of ordinary verbose output (timestamps, node names, URLs) with one DNS failure in it; the
answer must name network-dns. The same log is diagnosed at --lines and at a tenth of that, each
the best of --repeat runs (catalog and families loaded before the clock starts, as in a
long-running process), and the time per line of the two is compared: matching is linear when
the ratio stays near 1 (target: at most 1.5), so a log ten times longer takes about ten times
as long, not a hundred. Peak traced memory is measured in a separate run (tracing slows Python
code several times, so it never shares a run with the clock). Targets, on an idle 2-core
machine: 20,000 lines in under 5 s and under 256 MiB.

    .venv/bin/python bench/diagnose_scale.py [--lines 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from orchestrator.catalog import load_catalog
from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.families import load_families

RATIO_TARGET = 1.5


def make_log(count: int) -> str:
    lines = [
        f"2024-05-28T06:01:{i % 60:02d}Z VERBOSE: step {i} on node{i % 4} called "
        f"https://management.azure.com/subscriptions/0/resourceGroups/rg{i % 7}"
        for i in range(count)
    ]
    lines[count * 3 // 4] = (
        "ERROR: dial tcp: lookup login.microsoftonline.com on 10.0.0.1:53: no such host"
    )
    return "\n".join(lines)


def best_wall(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = diagnose(text)
        best = min(best, time.perf_counter() - started)
        assert result.family == "network-dns", result.family
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_catalog()
    load_families()
    small_lines = max(1, args.lines // 10)
    small, large = make_log(small_lines), make_log(args.lines)
    small_wall = best_wall(small, args.repeat)
    large_wall = best_wall(large, args.repeat)
    per_small = small_wall / small_lines
    per_large = large_wall / args.lines
    ratio = per_large / per_small
    tracemalloc.start()
    diagnose(large)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"lines={small_lines} wall={small_wall:.3f}s per_line={per_small * 1e6:.1f}us\n"
        f"lines={args.lines} wall={large_wall:.3f}s per_line={per_large * 1e6:.1f}us "
        f"peak={peak / 2**20:.1f}MiB\n"
        f"per-line ratio {args.lines}/{small_lines} = {ratio:.2f} "
        f"({'linear' if ratio <= RATIO_TARGET else 'NOT linear'}: target <= {RATIO_TARGET})"
    )


if __name__ == "__main__":
    main()
