"""Benchmark: resume after a kill during a cluster flow's pre-checks: calls / calls remaining.

register on 16 lab nodes (--parallel 4: nodes finish their pre-checks in waves), the lab kept in a file (ORCHESTRATE_LAB_STATE) so it outlives the
controller. One process runs register uninterrupted and counts its remote calls (T). Another
is killed (os._exit, no clean-up) just before its K-th call, K in the middle of the pre-checks;
a third resumes the run and counts its calls (R). Printed: R / (T - K), 1.00 meaning resume
redoes nothing that had finished; the goal is <= 1.10. Also printed: R - (T - K), the calls
redone: what a resume must read again whatever the kill point (the run guard sees every node's
OS build and last boot before anything changes: an OS can be upgraded in place while a run is
parked, docs/engine.md "Resume"; since session 5 through the entry node's double-hop probe,
Get-Cluster and one call, instead of one call a node), the Azure checks' one call, and the
checks in flight on the other workers when the process died (0 to --parallel - 1).

    .venv/bin/python bench/resume_calls.py [--nodes 16] [--kill-at-fraction 0.5] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.lab_runs import inventory_data, machine
from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.journal import runs_dir
from orchestrator.engine.lock import LOCK_DIR_ENV
from orchestrator.engine.prechecks import check_node
from orchestrator.engine.runner import RunSettings
from orchestrator.inventory import load_inventory
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.transport.factory import connect
from workflows import load_workflow, register


def child(mode: str, root: Path, kill_at: int, parallel: int) -> dict[str, Any]:
    inventory = load_inventory(str(root / "inventory.yaml"))
    connector = connect(inventory)
    injector = connector.transport.latency  # type: ignore[attr-defined]
    if mode == "prechecks":
        for node in inventory.cluster.nodes:
            check_node(node, connector, register.WORKFLOW.prechecks)
        return {"calls": injector.total_calls}
    if kill_at:
        counted = injector.before_call

        def before_call(node: str) -> float:
            if injector.total_calls == kill_at:
                os._exit(137)  # a kill: nothing flushed, nothing closed
            return counted(node)

        injector.before_call = before_call
    if mode == "run":
        start_run(
            register.WORKFLOW,
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=parallel),
            state_dir=root / "state",
            argv=["register", "--bench"],
            connector=connector,
        )
    else:
        (run_id,) = [p.name for p in runs_dir(root / "state").iterdir()]
        resume_run(
            run_id,
            state_dir=root / "state",
            argv=["resume", run_id],
            load_flow=load_workflow,
            connector=connector,
        )
    return {"calls": injector.total_calls}


def spawn(
    mode: str, root: Path, lab: str, kill_at: int = 0, parallel: int = 4
) -> dict[str, Any] | None:
    env = {**os.environ, LAB_STATE_ENV: str(root / lab), LOCK_DIR_ENV: str(root / "locks")}
    command = [sys.executable, __file__, "--child", mode, "--root", str(root)]
    done = subprocess.run(  # noqa: S603 (this script, this interpreter)
        [*command, "--kill-at", str(kill_at), "--parallel", str(parallel)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 137:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed: {done.stderr.strip()[-400:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=16)
    parser.add_argument("--kill-at-fraction", type=float, default=0.5)
    # Below --nodes, so that nodes finish their pre-checks in waves and a kill finds some done.
    parser.add_argument("--parallel", type=int, default=4)
    # The kill lands wherever the journal's writer is: the median of N kills and resumes.
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--kill-at", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.root, args.kill_at, args.parallel)))
        return
    print(f"# resume after a kill in register's pre-checks; machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="hci-bench-resume-") as raw:
        root = Path(raw)
        (root / "inventory.yaml").write_text(yaml.safe_dump(inventory_data(args.nodes)))
        prechecks = spawn("prechecks", root, "lab-prechecks.json", parallel=args.parallel)
        whole = spawn("run", root, "lab-whole.json", parallel=args.parallel)
        assert prechecks is not None
        assert whole is not None
        for path in runs_dir(root / "state").iterdir():  # the uninterrupted run's journal
            shutil.rmtree(path)
        kill_at = max(1, int(prechecks["calls"] * args.kill_at_fraction))
        calls = []
        for round_ in range(args.rounds):
            lab = f"lab-{round_}.json"
            killed = spawn("run", root, lab, kill_at, args.parallel)
            assert killed is None, "the run was not killed"
            resumed = spawn("resume", root, lab, parallel=args.parallel)
            assert resumed is not None
            calls.append(resumed["calls"])
            for path in runs_dir(root / "state").iterdir():  # this round's journal
                shutil.rmtree(path)
        remaining = whole["calls"] - kill_at
        median = statistics.median(calls)
        spread = f" (rounds {min(calls)}-{max(calls)})" if args.rounds > 1 else ""
        worst = f", worst round {max(calls) / remaining:.2f}" if args.rounds > 1 else ""
        print(
            f"register  nodes={args.nodes} parallel={args.parallel} killed before call {kill_at} of {whole['calls']} "
            f"(pre-checks: {prechecks['calls']} calls)  resume calls={median:g}{spread}  "
            f"redone={median - remaining:g}  "
            f"calls/remaining={median / remaining:.2f}{worst} (goal <= 1.10)",
            flush=True,
        )


if __name__ == "__main__":
    main()
