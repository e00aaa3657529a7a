"""Choose the transport (and the controller's clock) that an inventory asks for."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import attrs

from orchestrator.errors import InputError, RunWaitExceeded
from orchestrator.inventory.models import Inventory
from orchestrator.transport.base import Transport

T = TypeVar("T")

# The most a run waits in all through Connector.sleep (an hour: far above what any flow's
# retries and fixed waits add up to, far below "forever").
RUN_WAIT_CAP_S = 3600.0


def utc_now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen
class Connector:
    """Everything a run talks to: the nodes (transport), Azure (control plane, built on first
    use so node-only flows never need credentials), and the inventory they come from."""

    transport: Transport
    controller_clock: Callable[[], datetime]
    world: object | None = None  # the lab world, when the transport is the in-process lab
    # Ends the run's sessions (the psrp transport's runspace pools); idempotent.
    close: Callable[[], None] = lambda: None
    inventory: Inventory | None = None
    azure_factory: Callable[[], Any] | None = None
    # Every wait of the run through sleep() together (retry back-off, steps' fixed waits);
    # Azure's own waits have their caps in orchestrator/azure/waits.py (issue 17.8).
    wait_cap_s: float = RUN_WAIT_CAP_S
    _waited: list[float] = attrs.field(factory=lambda: [0.0], init=False, repr=False, eq=False)
    _wait_lock: threading.Lock = attrs.field(
        factory=threading.Lock, init=False, repr=False, eq=False
    )
    _azure: list[Any] = attrs.field(factory=list, init=False, repr=False)
    _once: dict[str, Future[Any]] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per run for `key`; callers meanwhile wait for that one answer (or its
        exception). For a probe whose one remote call answers for every node (the double hop
        from the entry node), called from the nodes' pre-checks at the same time. An answer
        lasts until `new_run`; a failure is not kept (the next caller computes again)."""
        with self._wait_lock:
            future = self._once.get(key)
            mine = future is None
            if future is None:
                future = self._once[key] = Future()
        if mine:
            try:
                future.set_result(compute())
            except BaseException as error:
                with self._wait_lock:
                    self._once.pop(key, None)
                future.set_exception(error)
        result: T = future.result()
        return result

    def new_run(self) -> None:
        """A run starts: what `once` found for an earlier run on this connector is stale (a
        test's lab reuses its connector across runs; the world may have changed)."""
        with self._wait_lock:
            self._once.clear()

    def azure(self) -> Any:
        """The AzureControlPlane for this connector (made on first use; the run's Azure checks
        and its nodes' pre-checks may ask for it at the same time)."""
        with self._wait_lock:
            if not self._azure:
                if self.inventory is not None:
                    self.inventory.require_azure()
                if self.azure_factory is None:
                    raise InputError("azure", "this run has no Azure control plane")
                self._azure.append(self.azure_factory())
            return self._azure[0]

    def sleep(self, seconds: float) -> None:
        """Wait: on the lab's virtual clock when there is one (never really sleeps), else
        in real time. The one place waits in steps and retries are made; a wait that would
        take the run's waiting past `wait_cap_s` is refused (RunWaitExceeded) instead."""
        seconds = max(0.0, float(seconds))
        with self._wait_lock:
            if self._waited[0] + seconds > self.wait_cap_s:
                raise RunWaitExceeded(
                    f"a wait of {seconds:g} s would take this run's waiting past its cap of "
                    f"{self.wait_cap_s:g} s ({self._waited[0]:g} s waited so far); stopped "
                    "instead. Find out why it keeps waiting (the journal lists each retry), "
                    "then `orchestrate resume`"
                )
            self._waited[0] += seconds
        clock = getattr(self.world, "clock", None)
        virtual = getattr(clock, "sleep", None)
        if callable(virtual):
            virtual(seconds)
        else:
            time.sleep(seconds)

    @property
    def entry_node(self) -> str:
        """The node that runs cluster-level cmdlets (cluster.cmdlet_host, else the first node)."""
        assert self.inventory is not None, "a connector made by connect() knows its inventory"
        return self.inventory.cluster.entry_node.name


def connect(inventory: Inventory, *, insecure: bool = False) -> Connector:
    """`insecure` is the CLI's --insecure: allow cleartext WinRM (with a loud warning)."""
    if inventory.connection.transport == "lab":
        from orchestrator.lab import world_from_inventory
        from orchestrator.transport.lab import LabTransport
        from orchestrator.transport.lab_snapshot import lab_state_path

        latency = _lab_latency()
        snapshot = lab_state_path()
        if snapshot is not None:
            return _persistent_lab(inventory, snapshot, latency)
        world = world_from_inventory(inventory)
        # In the lab the controller lives in the same virtual time as the nodes.
        return Connector(
            LabTransport(world, latency=latency),
            world.clock.now,
            world,
            inventory=inventory,
            azure_factory=_lab_azure(world, inventory),
        )
    # Imported here so that the lab-only path never loads pypsrp.
    from orchestrator.transport.psrp import PsrpTransport

    transport = PsrpTransport(inventory, insecure=insecure)
    return Connector(
        transport,
        utc_now,
        None,
        transport.close,
        inventory=inventory,
        azure_factory=_arm_azure(inventory),
    )


def _arm_azure(inventory: Inventory) -> Callable[[], Any] | None:
    target = inventory.azure
    if target is None:
        return None

    def make() -> Any:
        from orchestrator.azure.control_plane import ArmControlPlane

        return ArmControlPlane.for_target(target)

    return make


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
    from orchestrator.transport.lab_snapshot import LAB_STATE_ENV

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
    from orchestrator.transport.lab_snapshot import LAB_STATE_ENV, SnapshottingLabTransport

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
    return Connector(
        SnapshottingLabTransport(world, path, latency=latency),
        world.clock.now,
        world,
        inventory=inventory,
        azure_factory=_lab_azure(world, inventory),
    )
