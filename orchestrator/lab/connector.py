"""How the lab connects a run: the in-process lab world (or the one kept in a file between
processes, ORCHESTRATE_LAB_STATE) behind the transport interface, and its Azure.

The product's transport factory (orchestrator/transport/factory.py) never imports this: it asks
its registry (orchestrator/transport/registry.py) for the transport an inventory names, and
the lab registers `connect_lab` under `lab` through the `hci_orchestrator.transports` entry
point in pyproject.toml. So a run over PowerShell Remoting loads no lab code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orchestrator.errors import InputError
from orchestrator.inventory.models import Inventory
from orchestrator.lab.snapshot_transport import (
    LAB_STATE_ENV,
    SnapshottingLabTransport,
    lab_state_path,
)
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.factory import Connector


def connect_lab(inventory: Inventory, *, insecure: bool = False) -> Connector:
    """The lab's connector for `inventory` (`insecure` means nothing here: no wire)."""
    from orchestrator.lab import world_from_inventory

    latency = _lab_latency()
    snapshot = lab_state_path()
    if snapshot is not None:
        return _persistent_lab(inventory, snapshot, latency)
    world = world_from_inventory(inventory)
    return world_connector(inventory, world, LabTransport(world, latency=latency))


def world_connector(inventory: Inventory, world: Any, transport: LabTransport) -> Connector:
    """A run's connector to the lab `world` through `transport` (plain, hooked, with latency or
    kept in a file), with the world's Azure when the inventory names a target. In the lab the
    controller lives in the same virtual time as the nodes."""
    return Connector(
        transport,
        world.clock.now,
        world,
        inventory=inventory,
        azure_factory=_lab_azure(world, inventory),
    )


def _lab_azure(world: Any, inventory: Inventory) -> Callable[[], Any] | None:
    """The lab's in-process Azure (the same world the nodes live in)."""
    if inventory.azure is None:
        return None
    from orchestrator.lab.control_plane import LabControlPlane

    return lambda: LabControlPlane(world, inventory.azure)


def _lab_latency() -> Any:
    """The injected latency the benchmarks ask for (ORCHESTRATE_LAB_LATENCY), or None."""
    import os

    from orchestrator.lab.latency import LATENCY_ENV, parse_latency

    spec = os.environ.get(LATENCY_ENV)
    return parse_latency(spec) if spec else None


def _refuse_other_origin(path: Path, world: Any, inventory: Inventory) -> None:
    """A saved world made from another inventory (other faults, other nodes) is not used
    silently: the inventory's lab: section is read only when a world is made (issue 15.5)."""
    from orchestrator.lab.origin import lab_origin, origin_differences

    if world.origin is None:
        return  # a snapshot from before origins were kept: the cluster check below decides
    differences = origin_differences(world.origin, lab_origin(inventory))
    if differences:
        raise InputError(
            LAB_STATE_ENV,
            f"{path} holds a lab world made from another inventory ({'; '.join(differences)}); "
            f"the inventory's lab: section is read only when the world is made. Remove {path} "
            "to start afresh from this inventory, or point ORCHESTRATE_LAB_STATE at another file",
            fix=f"rm {path}, or point ORCHESTRATE_LAB_STATE at another file",
        )


def _persistent_lab(inventory: Inventory, path: Path, latency: Any = None) -> Connector:
    """The lab world kept in a file between processes (ORCHESTRATE_LAB_STATE)."""
    from orchestrator.lab import world_from_inventory
    from orchestrator.lab.snapshot import save_world_text, world_from_json, world_text

    if path.is_dir():
        raise InputError(LAB_STATE_ENV, f"{path} is a directory; name a file, e.g. {path}/lab.json")
    if path.exists():
        try:
            saved: str | None = path.read_text(encoding="utf-8")
            world = world_from_json(json.loads(saved or ""))
        except (OSError, ValueError, KeyError, TypeError) as error:
            # cattrs' structuring errors are ValueError/TypeError subclasses too.
            raise InputError(
                LAB_STATE_ENV,
                f"{path} is not a lab snapshot this version reads ({error.__class__.__name__}); "
                "delete it to start the lab afresh from the inventory",
            ) from None
        missing = [n.name for n in inventory.cluster.nodes if n.name.lower() not in world.nodes]
        if world.cluster.name.lower() != inventory.cluster.name.lower() or missing:
            raise InputError(
                LAB_STATE_ENV,
                f"{path} holds the lab world of cluster {world.cluster.name} (nodes "
                f"{', '.join(n.name for n in world.ordered_nodes())}), not this inventory's "
                f"{inventory.cluster.name}; point it at another file, or delete it",
            )
        _refuse_other_origin(path, world, inventory)
    else:
        world = world_from_inventory(inventory)
        saved = world_text(world)
        try:
            save_world_text(saved, path)
        except OSError as error:
            raise InputError(
                LAB_STATE_ENV,
                f"{path} cannot be written ({error.strerror or error.__class__.__name__}); "
                "name a file in an existing, writable directory",
            ) from None
    return world_connector(inventory, world, SnapshottingLabTransport(world, path, latency=latency))
