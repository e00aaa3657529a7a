"""Benchmark: `diagnose` on a large log (wall time and peak memory).

A log of --lines lines of ordinary verbose output (timestamps, node names, URLs) with one DNS
failure in it; the answer must name network-dns. Target: 20,000 lines in under 5 s and under
256 MiB peak traced memory on an idle 2-core machine (catalog and families loaded before the
clock starts, as in a long-running process).

    .venv/bin/python bench/diagnose_scale.py [--lines 20000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from orchestrator.catalog import load_catalog
from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.families import load_families


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    lines = [
        f"2024-05-28T06:01:{i % 60:02d}Z VERBOSE: step {i} on node{i % 4} called "
        f"https://management.azure.com/subscriptions/0/resourceGroups/rg{i % 7}"
        for i in range(args.lines)
    ]
    lines[args.lines * 3 // 4] = (
        "ERROR: dial tcp: lookup login.microsoftonline.com on 10.0.0.1:53: no such host"
    )
    text = "\n".join(lines)
    load_catalog()
    load_families()
    tracemalloc.start()
    started = time.perf_counter()
    result = diagnose(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    print(
        f"lines={args.lines} family={result.family} confidence={result.confidence} "
        f"wall={elapsed:.3f}s peak={peak / 2**20:.1f}MiB"
    )


if __name__ == "__main__":
    main()
