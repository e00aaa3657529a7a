"""The vocabulary a flow is declared in: steps that check then apply, and the workflow around them.

A step's `check` only reads and says what would change (`Change`); `apply` mutates; after
`apply` the engine runs `check` again and insists on a no-op (a step that "succeeds" without
converging is an error). Everything here is frozen data: a workflow is a value, compiled by the
engine into a state machine, fingerprinted for the journal, and rendered as a diagram.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from orchestrator.checks.base import ClusterCheck, NodeCheck, RunGuard
from orchestrator.errors import OrchestratorError
from orchestrator.transport.base import NodeSession

if TYPE_CHECKING:
    from orchestrator.transport.factory import Connector

OptionValue = str | int | float | bool | None

# Step ids become state names (and Mermaid ids), so they stay plain identifiers.
_STEP_ID = re.compile(r"^[a-z](?:[a-z0-9_]*[a-z0-9])?$")


class WorkflowError(OrchestratorError):
    """A workflow declaration is inconsistent; raised when the flow module is loaded."""


class ChangeKind(StrEnum):
    NO_OP = "no-op"
    CHANGE = "change"
    UNKNOWN = "unknown"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@attrs.frozen
class Change:
    """What `check` found: nothing to do, a change from `before` to `after`, or cannot tell yet."""

    kind: ChangeKind
    before: str | None = attrs.field(default=None, converter=_text)
    after: str | None = attrs.field(default=None, converter=_text)
    reason: str = ""

    @classmethod
    def no_op(cls, reason: str, *, current: Any = None) -> Change:
        return cls(ChangeKind.NO_OP, current, current, reason)

    @classmethod
    def change(cls, before: Any, after: Any, reason: str) -> Change:
        return cls(ChangeKind.CHANGE, before, after, reason)

    @classmethod
    def unknown(cls, reason: str) -> Change:
        return cls(ChangeKind.UNKNOWN, None, None, reason)

    @property
    def is_no_op(self) -> bool:
        return self.kind is ChangeKind.NO_OP

    def to_json(self) -> dict[str, str | None]:
        return {
            "action": self.kind.value,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            ChangeKind(data["action"]), data.get("before"), data.get("after"), data["reason"]
        )


@attrs.frozen
class StepContext:
    """What a step may use on one node: its open session, our clock, and the run's options."""

    node: str
    session: NodeSession
    controller_clock: Callable[[], datetime]
    options: Mapping[str, OptionValue] = attrs.field(factory=dict)
    connector: Connector | None = None
    # `<run id>.<node>.<step>` while a step of a journaled run is checked or applied: names
    # what a one-shot call leaves on the node, so a resume finds it (steps/one_shot.py).
    call_key: str | None = None

    def option(self, name: str, default: OptionValue = None) -> OptionValue:
        return self.options.get(name, default)

    @property
    def run(self) -> Connector:
        """The run's connector: inventory, Azure control plane, sessions to other nodes."""
        if self.connector is None:
            raise WorkflowError(f"{self.node}: this step needs the run's connector")
        return self.connector

    def open(self, node: str) -> NodeSession:
        """A session to another node of the cluster (the transport reuses its pool)."""
        if node.lower() == self.node.lower():
            return self.session
        return self.run.transport.open(node)


class Sweep(Protocol):
    """Removes what an interrupted run of this flow may have left on a node (a file holding a
    secret). The engine runs every sweep at the start and at the end of each node's work, in
    every run and every resume, whatever the journal says: unlike a step, it is never skipped
    as "finished earlier". `sweep` returns what it removed (names only, never contents).
    A sweep may also have `nothing_left(session) -> bool`, answered without I/O: True when
    that node session of the run has seen to it that nothing of the flow's is left; the
    engine then needs no end-of-work unit for it (issue 16)."""

    @property
    def id(self) -> str: ...

    def sweep(self, ctx: StepContext) -> list[str]: ...


class Step(Protocol):
    """A unit of change on one node. `id` and `version` enter the workflow fingerprint."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def title(self) -> str: ...

    def check(self, ctx: StepContext) -> Change: ...

    def apply(self, ctx: StepContext, change: Change) -> None: ...


class Remediation(Protocol):
    """A known fix for a known failure of a step: `matches` the error, `apply` fixes the cause."""

    @property
    def id(self) -> str: ...

    def matches(self, error: BaseException) -> bool: ...

    def apply(self, ctx: StepContext) -> None: ...


def _checks(items: Iterable[NodeCheck]) -> tuple[NodeCheck, ...]:
    return tuple(items)


def _cluster_checks(items: Iterable[ClusterCheck]) -> tuple[ClusterCheck, ...]:
    return tuple(items)


def _guards(items: Iterable[RunGuard]) -> tuple[RunGuard, ...]:
    return tuple(items)


def _steps(items: Iterable[StepSpec]) -> tuple[StepSpec, ...]:
    return tuple(items)


def _remediations(items: Iterable[RemediationSpec]) -> tuple[RemediationSpec, ...]:
    return tuple(items)


def _positive(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise WorkflowError(f"{attribute.name} must be positive, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """Retries of one step on one node, for errors classified transient only (see retry.py)."""

    attempts: int = attrs.field(default=4, validator=_positive)
    deadline_s: float = attrs.field(default=120.0, validator=_positive)
    initial_s: float = attrs.field(default=1.0, validator=_positive)
    max_wait_s: float = attrs.field(default=30.0, validator=_positive)
    jitter_s: float = attrs.field(default=1.0, validator=attrs.validators.ge(0))


# A reasonable default for idempotent remote steps: 4 tries within two minutes.
TRANSIENT = RetryPolicy()


@attrs.frozen
class RemediationSpec:
    remediation: Remediation
    max_uses: int = attrs.field(default=1, validator=_positive)


@attrs.frozen
class StepSpec:
    """How the engine runs a step: retries, remediations, serial or parallel across nodes."""

    step: Step
    retry: RetryPolicy | None = None
    remediations: tuple[RemediationSpec, ...] = attrs.field(default=(), converter=_remediations)
    serial: bool = False  # True: one node at a time (e.g. anything that touches cluster quorum)
    idempotent: bool = True
    # After a crash between `step_started` and its end, the step is checked again. When the
    # check still wants the change, True re-applies (the check sees the step's effect, so the
    # first apply did not land); False parks the node for a person (effect may be delayed).
    reapply_when_in_doubt: bool = True
    # A step that changes nothing on a node or in Azure (it waits for Azure, or copies evidence
    # to the controller) but still has work to do: what a run reports when that work ran,
    # instead of "changed" (issue 15.6: a read-only step is never reported "changed").
    read_only_outcome: str | None = None

    def __attrs_post_init__(self) -> None:
        if not _STEP_ID.match(self.step.id):
            raise WorkflowError(
                f"step id {self.step.id!r}: use lower-case letters, digits and '_' "
                "(it becomes a state name)"
            )
        if self.read_only_outcome in ("changed", "reconciled", "no-op", "failed", "pending"):
            raise WorkflowError(
                f"step {self.step.id}: read_only_outcome {self.read_only_outcome!r} is an "
                "outcome of its own; name what the read-only work did (e.g. 'waited')"
            )
        if self.retry is not None and not self.idempotent:
            raise WorkflowError(
                f"step {self.step.id}: a retry policy on a non-idempotent step could apply it "
                "twice; drop the retry policy or make the step idempotent"
            )

    @property
    def id(self) -> str:
        return self.step.id


def _sweeps(items: Iterable[Sweep]) -> tuple[Sweep, ...]:
    return tuple(items)


@attrs.frozen
class Workflow:
    """A flow as data.

    `scope="node"`: every targeted node walks the steps. `scope="cluster"`: the steps are
    cluster-level cmdlets (Register-/Unregister-AzStackHCI) and run once, on the cluster's
    entry node, after the pre-checks passed on every targeted node. `cluster_prechecks`
    (Azure permissions, providers, region) run once; a failure blocks every node.
    """

    name: str
    version: int
    summary: str
    prechecks: tuple[NodeCheck, ...] = attrs.field(default=(), converter=_checks)
    steps: tuple[StepSpec, ...] = attrs.field(default=(), converter=_steps)
    verification: tuple[NodeCheck, ...] = attrs.field(default=(), converter=_checks)
    cluster_prechecks: tuple[ClusterCheck, ...] = attrs.field(default=(), converter=_cluster_checks)
    scope: Literal["node", "cluster"] = attrs.field(
        default="node", validator=attrs.validators.in_(("node", "cluster"))
    )
    # Its steps call Azure (ARM/Graph): the azure section and the credential it names are
    # checked before a run starts (engine/preflight.py), as for flows with cluster_prechecks.
    needs_azure: bool = False
    # Refusals of the whole run (the OS release guard), enforced by engine/api.py before the
    # journal exists, in plans, runs, applies and resumes alike.
    guards: tuple[RunGuard, ...] = attrs.field(default=(), converter=_guards)
    sweeps: tuple[Sweep, ...] = attrs.field(default=(), converter=_sweeps)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for spec in self.steps:
            if spec.id in seen:
                raise WorkflowError(f"workflow {self.name}: step id {spec.id!r} is used twice")
            seen.add(spec.id)

    def step(self, step_id: str) -> StepSpec:
        for spec in self.steps:
            if spec.id == step_id:
                return spec
        raise KeyError(step_id)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the flow's shape or any step's behaviour version changes."""
        identity = {
            "name": self.name,
            "version": self.version,
            "steps": [[s.id, s.step.version] for s in self.steps],
            **({"scope": self.scope} if self.scope != "node" else {}),
            **({"sweeps": [w.id for w in self.sweeps]} if self.sweeps else {}),
            **(
                {"cluster_prechecks": [c.name for c in self.cluster_prechecks]}
                if self.cluster_prechecks
                else {}
            ),
        }
        text = json.dumps(identity, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]
