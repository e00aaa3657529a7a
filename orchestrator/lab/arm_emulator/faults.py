"""Fault injection for the ARM/Graph emulator: rules matched against a route (and method),
each used a set number of times (the style of the WinRM emulator's faults.py).

An effect strikes *before* the request is processed (nothing changed in the world) or
*after* (the change happened, its answer is lost): the difference decides whether a retry of
a POST or DELETE repeats a side effect.
"""

from __future__ import annotations

from typing import Literal

import attrs

from orchestrator.lab import fault_plan

Phase = Literal["before", "after"]
_PHASES = ("before", "after")
# The emulator's route names (routes.py); "*" matches every route.
ROUTES = (
    "permissions",
    "provider",
    "register",
    "operationstatus",
    "operationresult",
    "resourcegroup",
    "cluster",
    "arcsettings",
    "machine",
    "extensions",
    "gateway",
    "applications",
    "application",
    "*",
)
METHODS = ("GET", "POST", "DELETE", "*")


def _is_error_status(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 400 <= value <= 599:
        raise ValueError(f"{attribute.name} must be an HTTP error status (400-599), not {value}")


@attrs.frozen
class ErrorReply:
    """Answer with an ARM/Graph error body. Code and message default to what the service
    sends for the status (routes.default_error); 429 and 503 carry Retry-After."""

    status: int = attrs.field(validator=_is_error_status)
    code: str | None = None
    message: str | None = None
    retry_after: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0))
    )
    phase: Phase = attrs.field(default="before", validator=attrs.validators.in_(_PHASES))


def throttled(retry_after: int = 2) -> ErrorReply:
    """429 Too Many Requests with Retry-After (ARM's subscription throttling)."""
    return ErrorReply(429, retry_after=retry_after)


def _upper(value: str) -> str:
    return value.upper()


@attrs.frozen
class ArmFault:
    effect: ErrorReply
    route: str = attrs.field(default="*", validator=attrs.validators.in_(ROUTES))
    method: str = attrs.field(
        default="*", converter=_upper, validator=attrs.validators.in_(METHODS)
    )
    times: int = attrs.field(default=1, validator=attrs.validators.ge(1))

    def matches(self, route: str, method: str) -> bool:
        return self.route in ("*", route) and self.method in ("*", method.upper())


class ArmFaultPlan(fault_plan.FaultPlan[ArmFault]):
    """The emulator's rules, consumed as they strike; `struck` records each one that did."""

    def take(self, route: str, method: str) -> ErrorReply | None:
        rule = self.strike(lambda r: r.matches(route, method))
        return None if rule is None else rule.effect
