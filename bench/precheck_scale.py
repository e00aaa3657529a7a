"""Benchmark: pre-checks across many lab nodes (wall time and peak memory).

Target: 256 nodes in under 2 s and under 64 MiB peak traced memory on 2 cores, so the
engine's own overhead never dominates the time spent waiting on real nodes.

    .venv/bin/python bench/precheck_scale.py [--nodes 256] [--parallel 16]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from orchestrator.engine.prechecks import run_prechecks
from orchestrator.inventory import parse_inventory
from orchestrator.transport.factory import connect
from workflows import precheck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=256)
    parser.add_argument("--parallel", type=int, default=16)
    args = parser.parse_args()
    data = {
        "cluster": {"name": "bench", "nodes": [{"name": f"n{i}"} for i in range(args.nodes)]},
        "connection": {"transport": "lab"},
        "lab": {"seed": 1, "nodes": {"n3": {"hcisvc": "stopped"}, "n5": {"reachable": False}}},
    }
    inventory = parse_inventory(data, "bench")
    tracemalloc.start()
    started = time.perf_counter()
    results = run_prechecks(
        inventory, connect(inventory), precheck.node_checks(), parallel=args.parallel
    )
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    failed = sum(r.status.value == "fail" for r in results)
    print(
        f"nodes={args.nodes} parallel={args.parallel} results={len(results)} failed={failed} "
        f"wall={elapsed:.3f}s peak={peak / 2**20:.1f}MiB"
    )


if __name__ == "__main__":
    main()
