"""Benchmark: what keeping the lab in a file (ORCHESTRATE_LAB_STATE) costs, issue 16.6.

Pre-checks on N in-process lab nodes (zero latency), once with the plain in-process transport
and once with the snapshotting one (the world saved so that it outlives a crash of the
controller); prints wall(snapshot) / wall(plain) and the snapshots written. Goal: <= 1.5x at
256 nodes. The two alternate --rounds times and the fastest of each is compared: on a shared
machine the slowest rounds measure the neighbours.

    .venv/bin/python bench/lab_state.py [--nodes 256] [--parallel 16] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import machine
from orchestrator.engine.prechecks import run_prechecks
from orchestrator.inventory import parse_inventory
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.transport.factory import connect
from workflows import precheck


def timed(nodes: int, parallel: int, state: Path | None) -> tuple[float, int]:
    data = {
        "cluster": {"name": "bench", "nodes": [{"name": f"n{i}"} for i in range(nodes)]},
        "connection": {"transport": "lab"},
        "lab": {"seed": 1, "nodes": {"n3": {"hcisvc": "stopped"}}},
    }
    inventory = parse_inventory(data, "bench")
    if state is not None:
        os.environ[LAB_STATE_ENV] = str(state)
    try:
        connector = connect(inventory)
    finally:
        os.environ.pop(LAB_STATE_ENV, None)
    started = time.perf_counter()
    run_prechecks(inventory, connector, precheck.node_checks(), parallel=parallel)
    connector.close()
    elapsed = time.perf_counter() - started
    saves = int(getattr(connector.transport, "saves", 0))
    return elapsed, saves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=256)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"# lab state file, in-process pre-checks; machine: {machine()}")
    plains, keeps = [], []
    for round_ in range(args.rounds):
        with tempfile.TemporaryDirectory() as root:
            plains.append(timed(args.nodes, args.parallel, None)[0])
            kept_s, saves = timed(args.nodes, args.parallel, Path(root) / f"lab{round_}.json")
            keeps.append(kept_s)
    plain, kept = min(plains), min(keeps)
    print(
        f"precheck nodes={args.nodes} parallel={args.parallel}  "
        f"with ORCHESTRATE_LAB_STATE / without = {kept / plain:.2f}x  snapshots written={saves}"
    )


if __name__ == "__main__":
    main()
