"""Benchmark: what keeping the lab in a file (ORCHESTRATE_LAB_STATE) costs, issue 16.6.

Pre-checks on N in-process lab nodes (zero latency), once with the plain in-process transport
and once with the snapshotting one (the world saved so that it outlives a crash of the
controller); prints wall(snapshot) / wall(plain), and the same for the process's CPU time.
Goal: <= 1.5x at 256 nodes. The two alternate --rounds times and the fastest of each is
compared (the median too): on a shared machine the slowest rounds measure the neighbours.
Also the counts that do not move with load, per remote command: the snapshot's comparisons
(a node or the world-wide part against its copy as last written), and the file's rewrites
(one fsync each) and bytes.

    .venv/bin/python bench/lab_state.py [--nodes 256] [--parallel 16] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import machine
from orchestrator.engine.prechecks import run_prechecks
from orchestrator.inventory import parse_inventory
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.transport.factory import connect
from workflows import precheck


@attrs.frozen
class Run:
    wall_s: float
    cpu_s: float
    commands: int
    compares: int = 0
    writes: int = 0
    bytes_written: int = 0


def timed(nodes: int, parallel: int, state: Path | None) -> Run:
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
    started, cpu = time.perf_counter(), time.process_time()
    run_prechecks(inventory, connector, precheck.node_checks(), parallel=parallel)
    connector.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    transport = connector.transport
    snapshot = getattr(transport, "snapshot", None)
    return Run(
        elapsed,
        cpu,
        transport.latency.total_calls,
        *(
            (snapshot.compares, snapshot.saves, snapshot.bytes_written)
            if snapshot is not None
            else ()
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=256)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"# lab state file, in-process pre-checks; machine: {machine()}")
    plains: list[Run] = []
    keeps: list[Run] = []
    for round_ in range(args.rounds):
        with tempfile.TemporaryDirectory() as root:
            plains.append(timed(args.nodes, args.parallel, None))
            keeps.append(timed(args.nodes, args.parallel, Path(root) / f"lab{round_}.json"))

    def ratio(pick: Callable[[list[float]], float], field: str) -> float:
        return pick([getattr(r, field) for r in keeps]) / pick([getattr(r, field) for r in plains])

    last = keeps[-1]
    print(
        f"precheck nodes={args.nodes} parallel={args.parallel} rounds={args.rounds}  "
        f"with ORCHESTRATE_LAB_STATE / without = {ratio(min, 'wall_s'):.2f}x "
        f"(median {ratio(statistics.median, 'wall_s'):.2f}x; CPU {ratio(min, 'cpu_s'):.2f}x)"
    )
    print(
        f"per command ({last.commands} commands): comparisons "
        f"{last.compares / last.commands:.3f}, file rewrites (fsyncs) {last.writes}, "
        f"bytes written {last.bytes_written} ({last.bytes_written / last.commands:.0f}/command)"
    )


if __name__ == "__main__":
    main()
