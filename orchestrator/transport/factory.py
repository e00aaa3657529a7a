"""Choose the transport (and the controller's clock) that an inventory asks for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import attrs

from orchestrator.inventory.models import Inventory
from orchestrator.transport.base import Transport


def utc_now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen
class Connector:
    transport: Transport
    controller_clock: Callable[[], datetime]
    world: object | None = None  # the lab world, when the transport is the in-process lab
    # Ends the run's sessions (the psrp transport's runspace pools); idempotent.
    close: Callable[[], None] = lambda: None


def connect(inventory: Inventory, *, insecure: bool = False) -> Connector:
    """`insecure` is the CLI's --insecure: allow cleartext WinRM (with a loud warning)."""
    if inventory.connection.transport == "lab":
        from orchestrator.lab import world_from_inventory
        from orchestrator.transport.lab import LabTransport
        from orchestrator.transport.lab_snapshot import lab_state_path

        snapshot = lab_state_path()
        if snapshot is not None:
            return _persistent_lab(inventory, snapshot)
        world = world_from_inventory(inventory)
        # In the lab the controller lives in the same virtual time as the nodes.
        return Connector(LabTransport(world), world.clock.now, world)
    # Imported here so that the lab-only path never loads pypsrp.
    from orchestrator.transport.psrp import PsrpTransport

    transport = PsrpTransport(inventory, insecure=insecure)
    return Connector(transport, utc_now, None, transport.close)


def _persistent_lab(inventory: Inventory, path: Path) -> Connector:
    """The lab world kept in a file between processes (ORCHESTRATE_LAB_STATE)."""
    from orchestrator.lab import world_from_inventory
    from orchestrator.lab.snapshot import load_world, save_world
    from orchestrator.transport.lab_snapshot import SnapshottingLabTransport

    if path.exists():
        world = load_world(path)
    else:
        world = world_from_inventory(inventory)
        save_world(world, path)
    return Connector(SnapshottingLabTransport(world, path), world.clock.now, world)
