"""Shared by the benchmarks: lab inventories of any size, connectors with injected latency and
call counts, flows run through the engine's own API (the same path as the CLI).

Every benchmark prints ratios of times measured in the same run (never a bare time as its
result), so the numbers compare across machines.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import yaml

from orchestrator.engine.api import start_run
from orchestrator.engine.lock import LOCK_DIR_ENV
from orchestrator.engine.runner import RunOutcome, RunSettings
from orchestrator.engine.spec import Workflow
from orchestrator.inventory import load_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.connector import world_connector
from orchestrator.lab.latency import Latency, LatencyInjector
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.transport.factory import Connector

AZURE = {
    "cloud": "AzureCloud",
    "region": "eastus",
    "subscription_id": "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
    "tenant_id": "3c9d2b71-5e84-4f0a-8b16-7a2e9c4d1f35",
    "resource_group": "hci01-rg",
}


def inventory_data(nodes: int, *, cluster: str = "hci01", seed: int = 7) -> dict[str, Any]:
    return {
        "cluster": {
            "name": cluster,
            "nodes": [
                {"name": f"node{i}", "host": f"node{i}.contoso.local"} for i in range(1, nodes + 1)
            ],
        },
        "connection": {"transport": "lab"},
        "azure": dict(AZURE),
        "lab": {"seed": seed},
    }


@contextmanager
def workspace(nodes: int) -> Iterator[tuple[Inventory, Path]]:
    """An inventory file of `nodes` lab nodes and a state directory, both thrown away after."""
    with tempfile.TemporaryDirectory(prefix="hci-bench-") as raw:
        root = Path(raw)
        os.environ[LOCK_DIR_ENV] = str(root / "locks")
        path = root / "inventory.yaml"
        path.write_text(yaml.safe_dump(inventory_data(nodes), sort_keys=False))
        yield load_inventory(str(path)), root / "state"


def lab_connector(
    inventory: Inventory, world: LabWorld | None = None, latency: Latency | None = None
) -> tuple[Connector, LabTransport]:
    world = world or world_from_inventory(inventory)
    transport = LabTransport(world, latency=latency)
    return world_connector(inventory, world, transport), transport


def run_flow(
    workflow: Workflow,
    inventory: Inventory,
    state_dir: Path,
    connector: Connector,
    *,
    parallel: int,
    options: dict[str, Any] | None = None,
    nodes: Sequence[Any] | None = None,
    after_record: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[RunOutcome, float]:
    started = time.perf_counter()
    outcome = start_run(
        workflow,
        inventory,
        list(nodes if nodes is not None else inventory.cluster.nodes),
        RunSettings(parallel=parallel, options=options or {}),
        state_dir=state_dir,
        argv=[workflow.name, "--bench"],
        connector=connector,
        after_record=after_record,
    )
    return outcome, time.perf_counter() - started


@attrs.frozen
class Lab:
    """A lab to count on: the connector, what counts its remote calls, a state directory."""

    connector: Connector
    counter: LatencyInjector
    state_dir: Path


@attrs.frozen
class Bound:
    """The critical path in calls, per phase (bench/critical_path.py explains the phases)."""

    guards: int
    prechecks: int
    steps: int

    @property
    def calls(self) -> int:
        return self.guards + self.prechecks + self.steps

    def __str__(self) -> str:
        return f"{self.calls} calls ({self.guards} guard + {self.prechecks} pre-check + {self.steps} step)"


def peak_rss_mib() -> float:
    """This process's peak resident set (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    import platform

    return f"{platform.node()} {platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}"
