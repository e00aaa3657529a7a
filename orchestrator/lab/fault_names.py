"""The lab's named faults: one vocabulary for the in-process lab, the WinRM emulator and
`orchestrate lab serve --fault`.

A fault is written `NAME[=VALUE][@NODE][:CMDLET][*TIMES]`, for example
`drop-after@node1:Register-AzStackHCI`, `read-timeout:Unregister-AzStackHCI*2`,
`slow=900@node1:Register-AzStackHCI`. `slow` needs a cmdlet. Without `@NODE` it arms every node; without `:CMDLET`
it matches any command; `*TIMES` (default 1) is how often it strikes.

Over the wire each name is an emulator effect (lab/emulator/faults.py); in process it raises
the error the psrp transport turns that effect into (tests/protocol/test_faults.py proves the
mapping), at the same moment: `before` (nothing happened on the node) or `after` (the command
ran, its answer is lost). `slow=SECONDS` is not a transport fault: the call runs that long on
the node (`NodeFaults.call_seconds`), and goes on if the controller stops waiting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Literal

import attrs

from orchestrator.errors import (
    AuthenticationFailed,
    InputError,
    TransientTransportError,
    TransportError,
    WSManFault,
)
from orchestrator.lab.fault_plan import FaultPlan
from orchestrator.transport.base import Command

if TYPE_CHECKING:
    from orchestrator.lab.emulator import LabEmulator
    from orchestrator.lab.emulator import faults as wire
    from orchestrator.lab.world import LabWorld

Moment = Literal["before", "after"]

# Seconds an emulator answer is held back for `read-timeout`: beyond any client read timeout
# the lab's inventories use (lab serve writes 30 s).
READ_TIMEOUT_DELAY_S = 45.0


@attrs.frozen
class FaultKind:
    moment: Moment
    effect: Callable[[], wire.Effect]
    error: Callable[[str], TransportError]
    title: str


def _wire() -> ModuleType:
    # The emulator (the WinRM server side) loads when a fault is armed, not when `lab serve
    # --help` lists the names (issue 15.16).
    from orchestrator.lab.emulator import faults

    return faults


def _transient(node: str) -> TransportError:
    return TransientTransportError(node, "the connection broke (lab fault)")


KINDS: dict[str, FaultKind] = {
    "drop-before": FaultKind(
        "before", lambda: _wire().Drop("before"), _transient, "connection dropped, not run"
    ),
    "drop-after": FaultKind(
        "after",
        lambda: _wire().Drop("after"),
        _transient,
        "ran, connection dropped before the answer",
    ),
    "http-503": FaultKind(
        "before", lambda: _wire().HttpStatus(503), _transient, "HTTP 503 before running"
    ),
    "http-500-after": FaultKind(
        "after", lambda: _wire().HttpStatus(500, "after"), _transient, "ran, then HTTP 500"
    ),
    "read-timeout": FaultKind(
        "after",
        lambda: _wire().Delay(READ_TIMEOUT_DELAY_S, "after"),
        lambda node: TransientTransportError(node, "read timed out (lab fault)"),
        "ran, answer later than the read timeout",
    ),
    "wsman-fault": FaultKind(
        "before",
        lambda: _wire().WSManFault(),
        lambda node: WSManFault(node, "The WS-Management service cannot process the request."),
        "WS-Management fault, not run",
    ),
    "http-401": FaultKind(
        "before",
        lambda: _wire().Unauthorized(),
        lambda node: AuthenticationFailed(node, "access denied (lab fault)"),
        "credentials refused",
    ),
}
SLOW = "slow"
NAMES = (*KINDS, f"{SLOW}=SECONDS")

_SPEC = re.compile(
    r"^(?P<name>[a-z0-9-]+)(?:=(?P<value>[0-9.]+))?(?:@(?P<node>[\w.-]+))?"
    r"(?::(?P<cmdlet>[\w.-]+))?(?:\*(?P<times>[0-9]+))?$"
)


@attrs.frozen
class Fault:
    name: str
    node: str | None = None
    cmdlet: str | None = None
    times: int = 1
    seconds: float = 0.0

    def matches(self, node: str, command: Command) -> bool:
        if self.node is not None and self.node.lower() != node.lower():
            return False
        return self.cmdlet is None or self.cmdlet.lower() == command.name.lower()

    def describe(self) -> str:
        value = f"={self.seconds:g}" if self.name == SLOW else ""
        where = f"@{self.node}" if self.node else ""
        what = f":{self.cmdlet}" if self.cmdlet else ""
        return f"{self.name}{value}{where}{what}*{self.times}"


def parse(spec: str) -> Fault:
    """One `--fault` value; a precise InputError naming the field when it is not one."""
    found = _SPEC.match(spec.strip())
    known = ", ".join(NAMES)
    if found is None:
        raise InputError(
            "--fault",
            "write NAME[=VALUE][@NODE][:CMDLET][*TIMES], e.g. "
            f"drop-after@node1:Register-AzStackHCI; names: {known}",
        )
    name = found["name"]
    if name != SLOW and name not in KINDS:
        raise InputError("--fault", f"unknown fault name; use one of: {known}")
    if (name == SLOW) != (found["value"] is not None):
        raise InputError(
            "--fault", f"{SLOW} takes seconds ({SLOW}=900:Register-AzStackHCI); the others none"
        )
    times = int(found["times"] or 1)
    if times < 1:
        raise InputError("--fault", "*TIMES must be 1 or more")
    return Fault(name, found["node"], found["cmdlet"], times, float(found["value"] or 0))


class InProcessFaults:
    """The named faults as a LabTransport hook: each strikes `times` times, at its moment."""

    def __init__(self, faults: list[Fault]) -> None:
        self.plan: FaultPlan[Fault] = FaultPlan()
        for fault in faults:
            if fault.name != SLOW:
                self.plan.add(fault)

    def __call__(self, node: str, command: Command, moment: str) -> None:
        def strikes_now(fault: Fault) -> bool:
            # A read timeout meets a long call while it runs: the call goes on on the node.
            held = fault.name == "read-timeout" and command.marker
            at = "started" if held else KINDS[fault.name].moment
            return at == moment and fault.matches(node, command)

        fault = self.plan.strike(strikes_now)
        if fault is not None:
            raise KINDS[fault.name].error(node)


def arm_world(world: LabWorld, faults: list[Fault]) -> None:
    """The `slow` faults: how long calls run on the nodes (both transports)."""
    for fault in faults:
        if fault.name != SLOW or not fault.cmdlet:
            continue
        for node in world.ordered_nodes():
            if fault.node is None or fault.node.lower() == node.name.lower():
                node.faults.call_seconds[fault.cmdlet.lower()] = fault.seconds


def arm_emulator(emulator: LabEmulator, faults: list[Fault]) -> None:
    """The transport faults as emulator rules on the nodes' endpoints (Command requests)."""
    for fault in faults:
        if fault.name == SLOW:
            continue
        for name, endpoint in emulator.endpoints.items():
            if fault.node is None or fault.node.lower() == name:
                endpoint.faults.add(
                    _wire().FaultRule(
                        KINDS[fault.name].effect(),
                        action="Command",
                        cmdlet=fault.cmdlet,
                        times=fault.times,
                    )
                )
