"""Pre-check vocabulary: read-only probes of a node that say pass, warn or fail, and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

import attrs

from orchestrator.transport.base import NodeSession

if TYPE_CHECKING:
    from orchestrator.engine.spec import OptionValue
    from orchestrator.inventory.models import Node
    from orchestrator.transport.factory import Connector


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
    """What a check may use: the node's open session, the controller's UTC clock and the run's
    connector (inventory, sessions to other nodes, Azure)."""

    node: str
    session: NodeSession
    controller_clock: Callable[[], datetime]
    connector: Connector | None = None
    # The run's options as the plan or the journal recorded them (e.g. arc-initialize's
    # --arc-gateway-id), so `apply` and `resume` check what the plan or run checked.
    options: Mapping[str, OptionValue] = attrs.field(factory=dict)


class ClusterCheck(Protocol):
    """A pre-check of the whole target (Azure permissions, providers, region): run once per run;
    a failure blocks every node. `evaluate` returns one result per thing it looked at."""

    @property
    def name(self) -> str: ...

    def evaluate(self, connector: Connector) -> list[CheckResult]: ...


class NodeCheck(Protocol):
    @property
    def name(self) -> str: ...

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult: ...


class RunGuard(Protocol):
    """A refusal of the whole run, checked before anything is journaled or changed (the OS
    release guard): `enforce` raises RefusedError (exit 5) or returns what it saw per node
    (JSON), journaled with the run: a resume reuses a node's earlier pre-check results only
    when the guard sees the same now (engine/runner.py). No option skips it. `parallel` is the
    run's --parallel: how many nodes it may read at once."""

    @property
    def name(self) -> str: ...

    def enforce(
        self, connector: Connector, nodes: Sequence[Node], parallel: int
    ) -> Mapping[str, object]: ...
