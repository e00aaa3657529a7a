"""Benchmark: register and repair on 16 lab nodes against their critical-path bound.

The bound comes from the flow's declaration and counted calls, not from a constant. At zero
latency, in the same run, the remote commands are counted per phase, in the order the flow
declares them:

1. the run guards (the OS release of every node; each node's calls follow each other, the
   nodes need not wait for each other): the most calls any one node needs;
2. the pre-checks (nothing changes until every node's pre-checks passed; one node's checks
   follow each other, the nodes' need not; the whole-target Azure checks run beside them,
   issue 16.1): the most calls one node's pre-checks, or the Azure checks, make;
3. the steps (scope "cluster": run once, in order, on the entry node): all their calls.

Session 4 fixed the derivation: before, the remote call the Azure checks make (register's
registration-target check reads Get-AzureStackHCI on the entry node) was left in "all calls
minus guards minus pre-checks" and counted as a step, so the bound was one call too long
(21 instead of 20 for register) and every ratio about 5 % too kind.

With L the injected latency per call, bound = (1 + 2 + 3) x L, and the ratio printed is
wall / bound for the same flow with latency L, at each --parallel. 1.00x is the physical limit
(the engine adds nothing); the goal is <= 1.10x.

    .venv/bin/python bench/critical_path.py [--nodes 16] [--latency-ms 50] [--parallel 1 4 16]
        [--rounds 5]  (median of 5 runs per --parallel; the spread is printed)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import Bound, Lab, lab_connector, machine, run_flow, workspace
from orchestrator.engine.api import enforce_guards
from orchestrator.engine.prechecks import check_cluster, check_node
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


@contextmanager
def in_process(inventory: Any, make_world: Any, state_dir: Path) -> Iterator[Lab]:
    world = make_world()
    connector, transport = lab_connector(inventory, world)
    yield Lab(connector, transport.latency, state_dir)


def bound_calls(workflow: Workflow, fresh: Callable[[], AbstractContextManager[Lab]]) -> Bound:
    """Dependent calls on the critical path, counted at zero latency (see the docstring)."""
    with fresh() as lab:
        inventory = lab.connector.inventory
        assert inventory is not None
        enforce_guards(
            workflow, lab.connector, inventory.cluster.nodes, len(inventory.cluster.nodes)
        )
        guards = dict(lab.counter.calls)
        lab.connector.new_run()  # the run starts: what the guards handed over is its own
        chains = []
        for node in inventory.cluster.nodes:
            before = lab.counter.total_calls
            _, session = check_node(node, lab.connector, workflow.prechecks)
            chains.append(lab.counter.total_calls - before)
            if session is not None:
                session.close()
        prechecks = sum(chains)
        before = lab.counter.total_calls
        check_cluster(lab.connector, workflow.cluster_prechecks)
        azure = lab.counter.total_calls - before
    with fresh() as lab:
        assert lab.connector.inventory is not None
        outcome, _ = run_flow(
            workflow, lab.connector.inventory, lab.state_dir / "count", lab.connector, parallel=16
        )
        assert int(outcome.exit_code) == 0, f"{workflow.name} failed at zero latency"
        steps = lab.counter.total_calls - sum(guards.values()) - prechecks - azure
    return Bound(max(guards.values(), default=0), max(*chains, azure), steps)


def bench(
    workflow: Workflow, nodes: int, latency_s: float, parallels: list[int], rounds: int = 1
) -> None:
    with workspace(nodes) as (inventory, state_dir):
        if workflow is repair.WORKFLOW:

            def make_world() -> LabWorld:
                return registered_and_drifted(inventory, state_dir / "setup")
        else:

            def make_world() -> LabWorld:
                return world_from_inventory(inventory)

        found = bound_calls(workflow, lambda: in_process(inventory, make_world, state_dir))
        calls = found.calls
        bound = calls * latency_s
        for parallel in parallels:
            ratios = []
            for round_ in range(rounds):
                connector, transport = lab_connector(inventory, make_world(), Latency(latency_s))
                outcome, wall = run_flow(
                    workflow,
                    inventory,
                    state_dir / f"p{parallel}-{round_}",
                    connector,
                    parallel=parallel,
                )
                assert int(outcome.exit_code) == 0, f"{workflow.name} failed with latency"
                ratios.append(wall / bound)
            spread = f" (rounds {min(ratios):.2f}-{max(ratios):.2f})" if rounds > 1 else ""
            print(
                f"{workflow.name:9} nodes={nodes} parallel={parallel:<3} "
                f"critical path={found} x {latency_s * 1000:g} ms  "
                f"calls made={transport.latency.total_calls}  "
                f"wall/bound={statistics.median(ratios):.2f}x{spread}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=16)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--flows", nargs="+", default=["register", "repair"])
    # On a loaded machine one run's ratio varies by several percent: the median of N rounds.
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    print(f"# critical path, in-process lab; machine: {machine()}")
    flows = {"register": register.WORKFLOW, "repair": repair.WORKFLOW}
    for name in args.flows:
        bench(flows[name], args.nodes, args.latency_ms / 1000, args.parallel, args.rounds)


if __name__ == "__main__":
    main()
