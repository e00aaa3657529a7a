"""A node's session answers a repeated read from memory until anything else runs on it, and
the engine's retries look again (transport/remembering.py, issue 16: no repeated reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.engine.api import start_run
from orchestrator.engine.runner import RunSettings
from orchestrator.engine.spec import Change, RetryPolicy, StepContext, StepSpec, Workflow
from orchestrator.errors import TransientTransportError
from orchestrator.exitcodes import ExitCode
from orchestrator.transport.base import Command, CommandResult, ErrorRecord
from orchestrator.transport.factory import Connector
from orchestrator.transport.remembering import RememberingSession, read
from tests.engine.fakes import lab

STATE = Command.tool("agent", "show")
CHANGE = Command.cmdlet("Set-Thing", Value="on")


class CountingSession:
    """A node that answers STATE with how many commands it has run so far."""

    def __init__(self, node: str = "node1", fail_reads: int = 0) -> None:
        self.node = node
        self.ran: list[Command] = []
        self.fail_reads = fail_reads

    def run(self, command: Command) -> CommandResult:
        self.ran.append(command)
        if command == STATE and self.fail_reads:
            self.fail_reads -= 1
            return CommandResult(errors=[ErrorRecord("busy", "Busy")])
        return CommandResult(output=[len(self.ran)])

    def close(self) -> None:
        return None


def test_a_repeated_read_is_answered_from_memory_until_something_else_runs() -> None:
    node = CountingSession()
    session = RememberingSession(node)

    first = read(session, STATE)
    again = read(session, STATE)
    session.run(CHANGE)
    after_change = read(session, STATE)

    assert again.output == first.output == (1,)
    assert after_change.output == (3,)  # looked again: the change may have moved it
    assert node.ran == [STATE, CHANGE, STATE]


def test_a_failed_read_is_not_remembered_and_forget_drops_what_was() -> None:
    node = CountingSession(fail_reads=1)
    session = RememberingSession(node)

    assert read(session, STATE).failed
    assert read(session, STATE).output == (2,)
    session.forget()
    assert read(session, STATE).output == (3,)
    assert node.ran == [STATE, STATE, STATE]


def test_a_session_without_memory_runs_every_read() -> None:
    node = CountingSession()
    assert read(node, STATE).output == (1,)
    assert read(node, STATE).output == (2,)


@attrs.frozen
class FailsOnceThenSets:
    """check reads himds's state (a remembered read); the first apply breaks before running
    anything (a transient error), the second converges. Between the first check and the
    retry's check nothing runs on the node: only forgetting at the retry makes it look again."""

    done: list[bool]
    id: str = "flaky"
    version: int = 1
    title: str = "set after one transient failure"

    def check(self, ctx: StepContext) -> Change:
        assert not read(ctx.session, HIMDS).failed
        if self.done[-1]:
            return Change.no_op("set", current="on")
        return Change.change("off", "on", "not set")

    def apply(self, ctx: StepContext, change: Change) -> None:
        self.done.append(len(self.done) > 1)
        if not self.done[-1]:
            raise TransientTransportError(ctx.node, "connection reset")


HIMDS = Command.cmdlet("Get-Service", Name="himds")


class Recording:
    """The lab's transport, recording every command that reaches a node."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.calls: list[Command] = []

    def open(self, node: str) -> Any:
        recording = self

        class Session:
            def __init__(self) -> None:
                self.inner = recording.transport.open(node)
                self.node = node

            def run(self, command: Command) -> CommandResult:
                recording.calls.append(command)
                return self.inner.run(command)  # type: ignore[no-any-return]

            def close(self) -> None:
                self.inner.close()

        return Session()


def test_a_retried_step_looks_at_the_node_again(tmp_path: Path) -> None:
    inventory, connector = lab()
    transport = Recording(connector.transport)
    recorded = Connector(
        transport, connector.controller_clock, connector.world, inventory=inventory
    )
    flow = Workflow(
        "flaky",
        1,
        "a step that fails once, transiently",
        steps=(StepSpec(FailsOnceThenSets([False]), retry=RetryPolicy(initial_s=0.01)),),
    )
    sleeps: list[float] = []
    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes[:1],
        RunSettings(sleep=sleeps.append),
        state_dir=tmp_path,
        argv=["test"],
        connector=recorded,
    )

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.runs]
    assert len(sleeps) == 1  # retried once
    # the first check; the retry's check looked again; the postcondition after the second
    # apply (which ran nothing) was answered from memory
    assert transport.calls.count(HIMDS) == 2


@attrs.frozen
class ReadsHimds:
    """A pre-check reading what the step reads next."""

    name: str = "himds-read"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        answer = read(ctx.session, HIMDS)
        status = Status.FAIL if answer.failed else Status.PASS
        return CheckResult(ctx.node, self.name, status, "read")


def test_the_steps_do_not_reuse_what_the_prechecks_read(tmp_path: Path) -> None:
    """Between a node's pre-checks and its steps every other node is pre-checked (minutes at
    scale): the steps look at the node afresh."""
    inventory, connector = lab()
    transport = Recording(connector.transport)
    recorded = Connector(
        transport, connector.controller_clock, connector.world, inventory=inventory
    )
    flow = Workflow(
        "fresh",
        1,
        "a step reading what its pre-check read",
        prechecks=(ReadsHimds(),),
        steps=(StepSpec(FailsOnceThenSets([True])),),
    )
    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes[:1],
        RunSettings(),
        state_dir=tmp_path,
        argv=["test"],
        connector=recorded,
    )

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.runs]
    assert transport.calls.count(HIMDS) == 2  # the pre-check's, and the step check's own
