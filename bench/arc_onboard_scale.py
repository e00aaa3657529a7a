"""Benchmark: arc-onboard on 100 / 1000 / 10,000 lab servers against the ideal.

Each size runs in its own process (so its peak RSS is its own). Printed per size:

- `engine/lab time per server` growth: time(N) / time(previous N) / (N / previous N) at zero
  latency; 1.00 is linear, the goal is <= 1.10 (issue 16: 4x servers <= 4.4x time). Printed
  for the wall time and for the CPU time of the process (all threads): on a shared machine
  the wall of one run moves with the load by more than the goal's margin, the CPU time much
  less; with `--rounds N` both are medians of N runs per size.
- `wall/ideal` with injected latency L (sizes up to --latency-max): the per-server path is the
  calls one server needs, counted in the same run; servers run --parallel at a time, so
  ideal = ceil(N / parallel) x per-server calls x L. Goal <= 1.10.
- peak RSS (MiB) of the process that ran the size (goals: <= 150 at 1000, <= 600 at 10,000),
  and the most full garbage collections (generation 2) one zero-latency run made: each walks
  the whole heap, so their number per run moved the time per server at 10,000 servers
  (engine/collector.py).

    .venv/bin/python bench/arc_onboard_scale.py [--sizes 100 1000 10000] [--parallel 64]
        [--latency-ms 50] [--latency-max 1000] [--timeout 600] [--rounds 1]

`--rounds N` runs each flow (zero latency, and with latency) N times per size (same process, a
fresh lab world each time) and prints medians and the spread: on a loaded machine one run's
ratio varies by several percent.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import lab_connector, machine, peak_rss_mib, run_flow, workspace
from orchestrator.cli.arc_options import arc_options
from orchestrator.lab import world_from_inventory
from orchestrator.lab.latency import Latency
from orchestrator.lab.scenarios import onboarding_principal
from workflows.arc_onboard import WORKFLOW

SECRET_ENV = "ARC_SP_SECRET"  # noqa: S105 (a variable name)


# Full collections (generation 2) since the flow started (its lab's set-up excluded).
_full_gcs = [0]


def _count_full(phase: str, info: dict[str, int]) -> None:
    if phase == "start" and info["generation"] == 2:
        _full_gcs[0] += 1


def _run_once(
    inventory: Any, state_dir: Path, label: str, latency: float, parallel: int
) -> tuple[float, float, int, int]:
    """One arc-onboard run on a fresh lab world: wall, CPU of the process (every thread), the
    calls of the busiest server, all calls. Nothing of it outlives the call (the next run's
    peak RSS and collections are its own)."""
    world = world_from_inventory(inventory)
    app_id, os.environ[SECRET_ENV] = onboarding_principal(world)
    options = arc_options(
        inventory,
        inventory.cluster.nodes,
        service_principal_id=app_id,
        secret_env=SECRET_ENV,
        needs_principal=True,
        needs_secret=True,
    )
    connector, transport = lab_connector(inventory, world, Latency(latency))
    cpu_before = time.process_time()
    _full_gcs[0] = 0
    outcome, wall = run_flow(
        WORKFLOW, inventory, state_dir / label, connector, parallel=parallel, options=options
    )
    cpu = time.process_time() - cpu_before
    assert int(outcome.exit_code) == 0, f"arc-onboard failed ({outcome.exit_code})"
    return wall, cpu, max(transport.latency.calls.values()), transport.latency.total_calls


def one(servers: int, parallel: int, latency_s: float, rounds: int = 1) -> dict[str, Any]:
    """One size in this process: `rounds` runs at zero latency, then (latency_s > 0) `rounds`
    with it, each on a fresh world after a full collection (as in a fresh process)."""
    result: dict[str, Any] = {"servers": servers, "latent_rounds": [], "zero_rounds": []}
    gc.callbacks.append(_count_full)
    result["full_gcs"] = []
    runs = [(f"zero{i}", 0.0) for i in range(rounds)]
    runs += [(f"latent{i}", latency_s) for i in range(rounds if latency_s else 0)]
    with workspace(servers) as (inventory, state_dir):
        for label, latency in runs:
            gc.collect()
            wall, cpu, per_server, calls = _run_once(inventory, state_dir, label, latency, parallel)
            if label.startswith("zero"):
                result["zero_rounds"].append((wall, cpu))
                result["full_gcs"].append(_full_gcs[0])
            else:
                result["latent_rounds"].append(wall)
            result["per_server_calls"] = per_server
            result["calls"] = calls
    result["zero"] = statistics.median(wall for wall, _cpu in result["zero_rounds"])
    result["cpu"] = statistics.median(cpu for _wall, cpu in result["zero_rounds"])
    result["rss_mib"] = peak_rss_mib()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--parallel", type=int, default=64)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--latency-max", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.parallel, args.latency_ms / 1000, args.rounds)))
        return
    print(f"# arc-onboard scale, in-process lab, --parallel {args.parallel}; machine: {machine()}")
    previous: dict[str, Any] | None = None
    for size in args.sizes:
        latency = args.latency_ms if size <= args.latency_max else 0.0
        command = [sys.executable, __file__, "--one", str(size), "--parallel", str(args.parallel)]
        command += ["--latency-ms", str(latency), "--rounds", str(args.rounds)]
        try:
            done = subprocess.run(  # noqa: S603 (this script, this interpreter)
                command, capture_output=True, text=True, timeout=args.timeout, check=True
            )
        except subprocess.TimeoutExpired:
            print(f"servers={size:<6} did not finish within {args.timeout:g} s", flush=True)
            break
        except subprocess.CalledProcessError as failed:
            print(f"servers={size:<6} failed: {failed.stderr.strip().splitlines()[-1:]}")
            break
        result = json.loads(done.stdout.strip().splitlines()[-1])
        line = (
            f"servers={size:<6} calls/server={result['per_server_calls']} "
            f"peak RSS={result['rss_mib']:.0f} MiB full GCs/run={result['full_gcs']}"
        )
        if previous is not None:
            scale = size / previous["servers"]
            growth = (result["zero"] / previous["zero"]) / scale
            cpu_growth = (result["cpu"] / previous["cpu"]) / scale
            line += (
                f"  growth vs {previous['servers']}: {growth:.2f} wall, {cpu_growth:.2f} CPU"
                " (1.00 = linear)"
            )
        per_server = sorted(wall / size * 1000 for wall, _cpu in result["zero_rounds"])
        line += f" [zero latency, per server: CPU {result['cpu'] / size * 1000:.2f} ms, wall"
        line += f" {per_server[0]:.2f}-{per_server[-1]:.2f} ms]"
        if result["latent_rounds"]:
            ideal = math.ceil(size / args.parallel) * result["per_server_calls"] * latency / 1000
            ratios = [wall / ideal for wall in result["latent_rounds"]]
            line += f"  wall/ideal at {latency:g} ms={statistics.median(ratios):.2f}x"
            if len(ratios) > 1:
                line += f" (median of {len(ratios)}: {min(ratios):.2f}-{max(ratios):.2f})"
        print(line, flush=True)
        previous = result


if __name__ == "__main__":
    main()
