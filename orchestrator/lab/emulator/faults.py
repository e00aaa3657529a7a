"""Per-node fault injection: rules matched against WS-Management requests, each used a set
number of times.

Every effect says whether it strikes *before* the request is processed (nothing happened on
the node) or *after* (the command ran, its answer is lost): the difference decides whether a
retry may repeat a side effect. Connection refused and reboot are endpoint states rather than
rules (`NodeEndpoint.go_down`, `NodeEndpoint.reboot`); the `Reboot` effect triggers one from a
request.
"""

from __future__ import annotations

import threading
from typing import Literal

import attrs

from orchestrator.lab import fault_plan

Phase = Literal["before", "after"]
_PHASES = ("before", "after")
ACTIONS = ("Create", "Command", "Send", "Receive", "Signal", "Delete", "Get", "*")


@attrs.frozen
class Drop:
    """Close the TCP connection without an HTTP response."""

    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


@attrs.frozen
class Delay:
    """Answer late, e.g. beyond the client's read timeout."""

    seconds: float
    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


@attrs.frozen(eq=False)
class Hang:
    """Answer nothing until released (`release()`) or the endpoint stops: a client's read
    timeout then fires for that reason whatever the machine's load, where a `Delay` races it.
    Released by the endpoint's stop, the request is dropped (its client gave up long ago)."""

    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))
    released: threading.Event = attrs.field(factory=threading.Event, repr=False)

    def release(self) -> None:
        self.released.set()


@attrs.frozen
class HttpStatus:
    """Answer with a bare HTTP status (5xx from a proxy or an overloaded service)."""

    status: int = 503
    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


@attrs.frozen
class WSManFault:
    """Answer with a WS-Management fault (HTTP 500 + s:Fault)."""

    code: int = 0x80338012  # ERROR_WSMAN_... generic "the request failed" from the service
    reason: str = "The WS-Management service cannot process the request."
    subcode: str = "w:InternalError"
    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


@attrs.frozen
class Unauthorized:
    """HTTP 401: the credentials stopped working (expired password, locked account)."""

    phase: Phase = "before"


@attrs.frozen
class Reboot:
    """The node restarts: every shell (runspace pool) on it is lost."""

    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


Effect = Drop | Delay | Hang | HttpStatus | WSManFault | Unauthorized | Reboot


@attrs.frozen
class FaultRule:
    effect: Effect
    action: str = attrs.field(default="Command", validator=attrs.validators.in_(ACTIONS))
    # For Command: only when the pipeline's first command has this name (case-insensitive).
    cmdlet: str | None = None
    times: int = attrs.field(default=1, validator=attrs.validators.ge(1))

    def matches(self, action: str, cmdlet: str | None) -> bool:
        if self.action not in ("*", action):
            return False
        return self.cmdlet is None or (cmdlet or "").lower() == self.cmdlet.lower()


class FaultPlan(fault_plan.FaultPlan[FaultRule]):
    """The rules of one node, consumed as they strike."""

    def take(self, action: str, cmdlet: str | None) -> Effect | None:
        rule = self.strike(lambda r: r.matches(action, cmdlet))
        return None if rule is None else rule.effect
