"""Pre-check vocabulary: read-only probes of a node that say pass, warn or fail, and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Protocol

import attrs

from orchestrator.transport.base import NodeSession


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 (a status, not a password)
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"  # could not be evaluated because an earlier check on the node failed


@attrs.frozen
class CheckResult:
    node: str
    check: str
    status: Status
    observed: str
    remediation: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "node": self.node,
            "check": self.check,
            "status": self.status.value,
            "observed": self.observed,
            "remediation": self.remediation,
        }


@attrs.frozen
class NodeCheckContext:
    """What a check may use: the node's open session and the controller's UTC clock."""

    node: str
    session: NodeSession
    controller_clock: Callable[[], datetime]


class NodeCheck(Protocol):
    @property
    def name(self) -> str: ...

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult: ...
