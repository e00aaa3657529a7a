"""Choose the transport (and the controller's clock) that an inventory asks for."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs

from orchestrator.errors import InputError, RunWaitExceeded
from orchestrator.inventory.models import Inventory
from orchestrator.transport import registry
from orchestrator.transport.base import NodeSession, Transport

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
    # Answers read before a run starts, for that run (hand_over / handed).
    _handed: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _run_facts: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)

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
        test's lab reuses its connector across runs; the world may have changed). What was
        handed over since the last `new_run` becomes this run's (`handed`)."""
        with self._wait_lock:
            self._once.clear()
            self._run_facts.clear()
            self._run_facts.update(self._handed)
            self._handed.clear()

    def hand_over(self, key: str, value: Any) -> None:
        """An answer read for the run about to start, under its lock, just before it (a run
        guard's read of a node): the run's checks take it instead of asking the node again
        (issue 16: the release guard's CIM_OperatingSystem read, reused by the OS pre-check).
        It lasts from the next `new_run` to the one after."""
        with self._wait_lock:
            self._handed[key] = value

    def handed(self, key: str) -> Any | None:
        """What was handed over for this run under `key` (None: nothing, read it yourself)."""
        with self._wait_lock:
            return self._run_facts.get(key)

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

    def open_early(self, nodes: Sequence[str], parallel: int) -> None:
        """Start opening the sessions a run is about to use, `parallel` at a time, without
        waiting (PsrpTransport.open_early: over the wire each node's runspace pool opens while
        the run's guard runs on the entry node). A transport whose sessions cost nothing to
        open (the lab's, in-process) has no such thing: nothing happens. Called once the run
        may start (input valid, consent given, lock held); `close` closes what it opened."""
        opener = getattr(self.transport, "open_early", None)
        if callable(opener):
            opener(nodes, parallel)

    def open_aside(self, node: str) -> NodeSession:
        """A session to `node` that does not wait for the run's own commands there; its caller
        closes it when done. Over the wire it is a runspace pool of its own (PsrpTransport.
        open_aside: one pool runs one command at a time); a transport whose sessions never wait
        for each other (the lab's) gives an ordinary session."""
        opener = getattr(self.transport, "open_aside", None)
        session: NodeSession = opener(node) if callable(opener) else self.transport.open(node)
        return session

    @property
    def entry_node(self) -> str:
        """The node that runs cluster-level cmdlets (cluster.cmdlet_host, else the first node)."""
        assert self.inventory is not None, "a connector made by connect() knows its inventory"
        return self.inventory.cluster.entry_node.name


def connect(inventory: Inventory, *, insecure: bool = False) -> Connector:
    """`insecure` is the CLI's --insecure: allow cleartext WinRM (with a loud warning).
    psrp is built here; any other transport (the lab's) comes from the registry, which the
    lab fills through its entry point (transport/registry.py): nothing here imports the lab."""
    if inventory.connection.transport != "psrp":
        return registry.make_connector(inventory, insecure=insecure)
    # Imported here so that a run of another transport never loads pypsrp.
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
