"""Benchmark: register and repair on 16 lab nodes against their critical-path bound.

The bound comes from the flow's declaration and counted calls, not from a constant: a
zero-latency run counts every node's remote commands, split into the pre-check phase and the
step phase (the flow declares that nothing changes until every pre-check passed, so the phases
follow each other). Calls to one node follow each other; calls to different nodes need not.
With L the injected latency per call,

    bound = (max over nodes of pre-check calls + max over nodes of step calls) x L

and the ratio printed is wall / bound for the same flow with latency L, at each --parallel.
1.00x is the physical limit of the lab (the engine adds nothing); the goal is <= 1.10x.

    .venv/bin/python bench/critical_path.py [--nodes 16] [--latency-ms 50] [--parallel 1 4 16]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import lab_connector, machine, run_flow, workspace
from orchestrator.engine.prechecks import check_node
from orchestrator.engine.spec import Workflow
from orchestrator.lab import world_from_inventory
from orchestrator.lab.latency import Latency
from orchestrator.lab.world import LabWorld
from workflows import register, repair


def registered_and_drifted(inventory: Any, state_dir: Path) -> LabWorld:
    """A registered cluster with one node out of policy (591): what repair repairs."""
    world = world_from_inventory(inventory)
    connector, _ = lab_connector(inventory, world)
    outcome, _ = run_flow(register.WORKFLOW, inventory, state_dir, connector, parallel=16)
    assert outcome.exit_code == 0, f"register failed before the repair bench ({outcome.exit_code})"
    world.out_of_policy(world.node("node2"), 591)
    return world


def bound_calls(workflow: Workflow, inventory: Any, make_world: Any, state_dir: Path) -> int:
    """Dependent calls on the critical path, counted at zero latency (see the docstring)."""
    world = make_world()
    connector, transport = lab_connector(inventory, world)
    for node in inventory.cluster.nodes:
        _, session = check_node(node, connector, workflow.prechecks)
        if session is not None:
            session.close()
    precheck_calls = dict(transport.latency.calls)
    world = make_world()
    connector, transport = lab_connector(inventory, world)
    outcome, _ = run_flow(workflow, inventory, state_dir / "count", connector, parallel=16)
    assert int(outcome.exit_code) == 0, f"{workflow.name} failed at zero latency"
    total = transport.latency.calls
    step_calls = max(total.get(n, 0) - precheck_calls.get(n, 0) for n in total)
    return max(precheck_calls.values()) + step_calls


def bench(workflow: Workflow, nodes: int, latency_s: float, parallels: list[int]) -> None:
    with workspace(nodes) as (inventory, state_dir):
        if workflow is repair.WORKFLOW:

            def make_world() -> LabWorld:
                return registered_and_drifted(inventory, state_dir / "setup")
        else:

            def make_world() -> LabWorld:
                return world_from_inventory(inventory)

        calls = bound_calls(workflow, inventory, make_world, state_dir)
        bound = calls * latency_s
        for parallel in parallels:
            connector, transport = lab_connector(inventory, make_world(), Latency(latency_s))
            outcome, wall = run_flow(
                workflow, inventory, state_dir / f"p{parallel}", connector, parallel=parallel
            )
            print(
                f"{workflow.name:9} nodes={nodes} parallel={parallel:<3} "
                f"critical path={calls} calls x {latency_s * 1000:g} ms  "
                f"calls made={transport.latency.total_calls}  "
                f"wall/bound={wall / bound:.2f}x  exit={int(outcome.exit_code)}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=16)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--flows", nargs="+", default=["register", "repair"])
    args = parser.parse_args()
    print(f"# critical path, in-process lab; machine: {machine()}")
    flows = {"register": register.WORKFLOW, "repair": repair.WORKFLOW}
    for name in args.flows:
        bench(flows[name], args.nodes, args.latency_ms / 1000, args.parallel)


if __name__ == "__main__":
    main()
