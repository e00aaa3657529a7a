"""The coordinator: drives every node through the compiled machine, one unit of work at a time.

Worker threads do the remote I/O (pre-checks, a step's check/apply/confirm with its retries,
a remediation, verification) and return a result; only the coordinator thread fires machine
events, so the machine is never touched concurrently and a callback never does I/O.

The same code path plans (`Mode.PLAN`: checks only, `apply` withheld, no journal) and applies.
"""

from __future__ import annotations

import heapq
import logging
import queue
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.engine.accounting import NodeAccount, account_nodes
from orchestrator.engine.collector import fewer_collections
from orchestrator.engine.compile import (
    DONE,
    FAILED,
    NEEDS_OPERATOR,
    PENDING,
    PRECHECKS,
    READY,
    REMEDIATING_SUFFIX,
    TERMINAL,
    VERIFYING,
    build_machine,
    compile_workflow,
)
from orchestrator.engine.interrupts import interrupt_exit_code
from orchestrator.engine.journal import Journal, NodeHistory, RunHistory
from orchestrator.engine.prechecks import check_cluster, check_node
from orchestrator.engine.retry import Sleep, is_transient, retrying
from orchestrator.engine.spec import (
    TRANSIENT,
    Change,
    ChangeKind,
    OptionValue,
    RemediationSpec,
    StepContext,
    StepSpec,
    Workflow,
)
from orchestrator.errors import InputError, OrchestratorError, RemoteCommandError, TransportError
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory.models import Node
from orchestrator.transport.base import NodeSession
from orchestrator.transport.factory import Connector
from orchestrator.transport.remembering import RememberingSession, forget
from orchestrator.transport.streams import capturing

if TYPE_CHECKING:
    from transitions import Machine

log = logging.getLogger(__name__)

# States in which a node is not working on its steps (the window counts the others), and the
# states of a node whose pre-checks are still open.
_WAITING = frozenset((PENDING, PRECHECKS, READY, *TERMINAL))
_OPEN = frozenset((PENDING, PRECHECKS))


class Mode(StrEnum):
    PLAN = "plan"
    APPLY = "apply"


class NeedsOperator(OrchestratorError):
    """A step met a condition only a person can resolve; the node parks in `needs_operator`."""

    exit_code = ExitCode.REFUSED


class NotConverged(OrchestratorError):
    """`apply` returned but the confirming `check` still reports a change."""


class Undecidable(OrchestratorError):
    """`check` cannot tell at apply time what to change."""


class RunInterrupted(OrchestratorError):
    """Ctrl-C or SIGTERM: in-flight work finished and was journaled; the run can be resumed."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, run_id: str, exit_code: ExitCode = ExitCode.INTERRUPTED) -> None:
        self.run_id = run_id
        self.exit_code = exit_code
        what = "terminated (SIGTERM)" if exit_code is ExitCode.TERMINATED else "interrupted"
        super().__init__(f"{what}; resume with: orchestrate resume {run_id}")


def describe(error: BaseException) -> str:
    """The error as journals and reports show it: its kind, then its own message."""
    return f"{error.__class__.__name__}: {error}" if str(error) else error.__class__.__name__


def describe_failure(error: BaseException) -> str:
    """A failed step's message: the error, then what the failure catalog makes of its text
    (the exact signature or error family named first), so the run report says what it is
    without a separate `orchestrate diagnose`."""
    from orchestrator.catalog.classify import diagnose
    from orchestrator.catalog.diagnose import EXACT, FAMILY

    text = describe(error)
    diagnosis = diagnose(error)
    if diagnosis.confidence in (EXACT, FAMILY):
        text += f" [diagnosis: {diagnosis.summary()}]"
    return text


@attrs.define
class StepReport:
    step: str
    title: str
    change: Change | None = None
    # pending | no-op | changed | reconciled | failed | planned, or a read-only step's own
    # outcome (StepSpec.read_only_outcome: "waited", "collected")
    outcome: str = "pending"
    attempts: int = 0
    error: str | None = None
    # Warning records and host warning lines of the step's commands (masked), in order.
    warnings: tuple[str, ...] = ()


class NodeRun:
    """The state of one node in the run's one machine: transitions sets `state`; `fire` runs
    an event of the machine on this node. The node is not registered with the machine
    (`add_model`): that binds every trigger and state method onto each model and searches the
    machine's model list, work per node that grew with nodes x (events + states) and nodes^2
    (issue 16.3); `Event.trigger(model)` needs none of it."""

    state: str

    def __init__(
        self,
        node: Node,
        history: NodeHistory,
        steps: Sequence[StepSpec],
        machine: Machine | None = None,
    ) -> None:
        self.machine = machine
        self.node = node
        self.history = history
        self.session: NodeSession | None = None
        self.precheck_results: list[CheckResult] = []
        self.reports = {s.id: StepReport(s.id, s.step.title) for s in steps}
        self.busy = False
        self.error: str | None = None
        self.pending_fix: RemediationSpec | None = None
        self.remediation_uses: dict[str, int] = dict(history.remediation_uses)
        # The workflow's sweeps ran at the start of this node's work in this engine run / at
        # its end (see Sweep); `swept` lists what they removed, for the report.
        self.swept_start = False
        self.swept_end = False
        self.swept: list[str] = []
        # Steps whose apply started in this engine run: re-checking one of them may meet a
        # one-shot call still running on the node (see `_step`).
        self.applied_steps: set[str] = set()
        # A unit of this node waited before its first call (Engine._wait_up_front); the last
        # record of its pre-check results in this run (the first step waits for it).
        self.waited_durable = False
        self.checked_seq: int | None = None
        for step_id, outcome in history.finished.items():
            if step_id in self.reports:
                self.reports[step_id].outcome = outcome

    @property
    def name(self) -> str:
        return self.node.name

    def fire(self, event: str, **kwargs: Any) -> None:
        assert self.machine is not None, "a node of a run is made with the run's machine"
        self.machine.events[event].trigger(self, **kwargs)


def _reusable_prechecks(
    workflow: Workflow, history: RunHistory, seen_now: Mapping[str, Any]
) -> tuple[dict[str, list[CheckResult]], dict[str, dict[str, CheckResult]]]:
    """What a cluster flow's resume reuses of the pre-checks journaled before a crash: the nodes
    whose checks all finished without a failure (`prechecks_done`), and, of a node whose checks
    did not all finish, each check that passed (`node_precheck`, PASS or WARN: a SKIPPED check
    was never evaluated). Only of a node the run guards see as they saw it then: a node whose
    build or last boot time changed while the run was parked (an OS upgrade or update rebooted
    it) is checked again (docs/engine.md "Resume"). Single checks only when the flow's check
    names tell its checks apart."""

    def result(r: Mapping[str, Any]) -> CheckResult:
        return CheckResult(
            r["node"], r["check"], Status(r["status"]), r["observed"], r["remediation"]
        )

    whole = {
        name: [result(r) for r in results]
        for name, results in history.prechecked.items()
        if all(r["status"] != Status.FAIL.value for r in results)
        and history.prechecked_seen.get(name) == seen_now.get(name)
    }
    names = [check.name for check in workflow.prechecks]
    if len(set(names)) != len(names):
        return whole, {}
    single = {
        node: {
            check: result(entry["result"])
            for check, entry in checks.items()
            if check in names
            and entry["result"]["status"] in (Status.PASS.value, Status.WARN.value)
            and entry["guard_seen"] == seen_now.get(node)
        }
        for node, checks in history.prechecked_checks.items()
        if node not in history.prechecked
    }
    return whole, single


# --- what workers hand back -------------------------------------------------------------------


@attrs.frozen
class PrecheckDone:
    results: list[CheckResult]
    session: NodeSession | None
    others: tuple[list[CheckResult], ...] = ()  # cluster flows: the pre-check-only nodes


@attrs.frozen
class StepDone:
    change: Change | None
    outcome: str
    attempts: int
    retried: int
    error: BaseException | None = None
    warnings: tuple[str, ...] = ()
    # The node's verification, run right after its last step succeeded (see _step_verified).
    verified: VerifyDone | None = None


@attrs.frozen
class RemediationDone:
    error: BaseException | None


@attrs.frozen
class VerifyDone:
    results: list[CheckResult]


@attrs.frozen
class SweepDone:
    removed: list[str]


Unit = Callable[[], Any]
SWEEP_END = "sweep_end"
# Units that only read the node (checks: `NodeCheck` reads, never changes): nothing they do
# can be left unrecorded by a crash, so they need not wait for the records queued before them
# to be on disk (`_durable_first`); their own records are queued after their reads, in order.
# At scale the wait was on every node's path twice (issue 16: wall/ideal).
_READ_ONLY_UNITS = frozenset({PRECHECKS, VERIFYING})


def _nothing_left(sweep: Any, session: NodeSession | None) -> bool:
    known = getattr(sweep, "nothing_left", None)
    return session is not None and known is not None and bool(known(session))


def _percent(_instance: Any, _attribute: attrs.Attribute[Any], value: float | None) -> None:
    # `not 0 <= value` also refuses NaN, which would compare false and never stop a run
    if value is not None and not 0 <= value <= 100:
        raise InputError("max_fail_percent", f"{value}: use a number from 0 to 100")


@attrs.frozen
class RunSettings:
    mode: Mode = Mode.APPLY
    parallel: int = 8
    max_fail_percent: float | None = attrs.field(default=None, validator=_percent)
    options: Mapping[str, OptionValue] = attrs.field(factory=dict)
    sleep: Sleep | None = None


@attrs.frozen
class RunOutcome:
    workflow: Workflow
    mode: Mode
    nodes: tuple[NodeRun, ...]
    exit_code: ExitCode
    run_id: str | None
    cluster_results: tuple[CheckResult, ...] = ()
    precheck_only: tuple[NodeRun, ...] = ()  # cluster flows: nodes that were only pre-checked
    node_order: tuple[str, ...] = ()  # the targeted nodes, in inventory order
    stopped_new: bool = False  # --max-fail-percent stopped starting new nodes

    def accounts(self) -> list[NodeAccount]:
        """Every targeted node and what happened to it (issue 15.4)."""
        return account_nodes(
            self.nodes,
            self.precheck_only,
            cluster_scope=self.workflow.scope == "cluster",
            stopped_new=self.stopped_new,
            order=self.node_order,
        )

    @property
    def precheck_results(self) -> list[CheckResult]:
        """Every pre-check result of the run: cluster checks first, then node by node."""
        position = {name: i for i, name in enumerate(self.node_order)}
        runs = sorted((*self.nodes, *self.precheck_only), key=lambda r: position.get(r.name, 0))
        return [*self.cluster_results, *(r for run in runs for r in run.precheck_results)]

    def by_state(self, state: str) -> list[str]:
        return [n.name for n in self.nodes if n.state == state]


class Engine:
    def __init__(
        self,
        workflow: Workflow,
        connector: Connector,
        nodes: Sequence[Node],
        settings: RunSettings,
        *,
        journal: Journal | None = None,
        history: RunHistory | None = None,
        on_event: Callable[[NodeRun, str], None] | None = None,
        guard_seen: Mapping[str, Any] | None = None,
    ) -> None:
        self.workflow = workflow
        self.connector = connector
        self.settings = settings
        self.journal = journal if settings.mode is Mode.APPLY else None
        self.sleep: Sleep = settings.sleep or connector.sleep
        self.on_event = on_event
        self.spec = compile_workflow(workflow)
        self.machine = build_machine(workflow, after_state_change=self._after_state_change)
        self.stopping = False
        self.stop_new = False
        self.runs: list[NodeRun] = []
        self.node_order = tuple(n.name for n in nodes)
        self.cluster_results: list[CheckResult] = []
        self._cluster_checks: Future[list[CheckResult]] | None = None
        # A cluster flow walks its steps once, on the entry node; the other targeted nodes are
        # pre-checked alongside it (a failure on any of them blocks the run before any change).
        self.precheck_only: list[NodeRun] = []
        if workflow.scope == "cluster":
            entry = self._entry(nodes)
            self.precheck_only = [
                NodeRun(n, NodeHistory(n.name), ()) for n in nodes if n is not entry
            ]
            nodes = [entry]
        with fewer_collections():  # 10,000 NodeRuns made at once (collector.py)
            for node in nodes:
                past = history.nodes.get(node.name) if history else None
                run = NodeRun(node, past or NodeHistory(node.name), workflow.steps, self.machine)
                self.machine.set_state(self._resume_state(past), model=run)
                self.runs.append(run)
        # The scheduler's bookkeeping, kept up to date by _after_state_change so that a pass
        # never rescans every node (issue 16.3): how many nodes are working on steps, how
        # many have pre-checks open, which nodes to look at (lowest first, the node order),
        # and the READY nodes waiting for a window.
        self._active_count = sum(1 for r in self.runs if r.state not in _WAITING)
        self._open_prechecks = sum(1 for r in self.runs if r.state in _OPEN)
        self._wake: list[int] = list(range(len(self.runs)))
        self._woken = set(self._wake)
        self._ready: list[int] = []
        self._index = {id(run): i for i, run in enumerate(self.runs)}
        self._parked_serial: set[int] = set()
        self._done: queue.SimpleQueue[Future[Any]] = queue.SimpleQueue()  # see _finished
        # A cluster flow's pre-check results from before a crash (resume only) that hold: see
        # _reusable_prechecks.
        self.passed_prechecks, self.passed_checks = (
            _reusable_prechecks(workflow, history, guard_seen or {})
            if history is not None and workflow.scope == "cluster"
            else ({}, {})
        )

    # -- bookkeeping callbacks (coordinator thread only; no I/O except the journal) ------------

    def _after_state_change(self, event: Any) -> None:
        run: NodeRun = event.model
        source = event.transition.source
        if source == run.state:
            return  # a reflexive `retry`: the attempts are journaled by the worker
        if run.state in _WAITING:
            self._active_count -= source not in _WAITING
        elif source in _WAITING:
            self._active_count += 1
        self._open_prechecks += (run.state in _OPEN) - (source in _OPEN)
        if self.journal is not None:
            # Queued, not waited for: the unit that acts on this state waits for it to be
            # durable before its first remote call (_durable_first); group commit batches it.
            self.journal.append(
                "node_state",
                node=run.name,
                state=run.state,
                event=event.event.name,
                source=source,
                step_state=run.state in self.spec.step_states,
                error=event.kwargs.get("error"),
            )
        if self.on_event is not None:
            self.on_event(run, event.event.name)

    def _entry(self, nodes: Sequence[Node]) -> Node:
        inventory = self.connector.inventory
        if inventory is not None:
            entry = inventory.cluster.entry_node
            for node in nodes:
                if node.name.lower() == entry.name.lower():
                    return node
            return entry  # cluster cmdlets run there even when --limit leaves it out
        return nodes[0]

    def _resume_state(self, past: NodeHistory | None) -> str:
        if past is None or past.state in (PENDING, PRECHECKS):
            return PENDING
        if past.state == DONE or past.state in (READY, VERIFYING):
            return past.state
        if past.state.endswith(REMEDIATING_SUFFIX):
            return past.state[: -len(REMEDIATING_SUFFIX)]  # re-check the step; fix again if needed
        if past.state in self.spec.step_states:
            return past.state
        # failed / needs_operator: try the step it stopped at again (it is re-checked first)
        return past.last_step_state or PENDING

    # -- the coordinator loop ----------------------------------------------------------------

    def run(self) -> RunOutcome:
        with fewer_collections():  # what the run keeps, the collector need not walk (collector.py)
            return self._run()

    def _run(self) -> RunOutcome:
        self.connector.new_run()  # nothing one run's probes found is taken for this run's
        if self.workflow.cluster_prechecks:
            # Once per run, at the same time as the nodes' pre-checks (issue 16.1): the Azure
            # calls and the node calls do not wait for each other. No node changes anything
            # before both are in: the first pre-check result handled waits for these.
            azure = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cluster-checks")
            self._cluster_checks = azure.submit(
                check_cluster, self.connector, self.workflow.cluster_prechecks
            )
            azure.shutdown(wait=False)
        in_flight: dict[Future[Any], tuple[NodeRun, str]] = {}
        pool = ThreadPoolExecutor(max_workers=self.settings.parallel, thread_name_prefix="node")
        try:
            try:
                while True:
                    if not self.stopping:
                        self._schedule(pool, in_flight)
                    if not in_flight:
                        break
                    for future in self._finished():
                        run, unit = in_flight.pop(future)
                        run.busy = False
                        self._handle(run, unit, future.result())
                        self._wake_up(run)
                        for index in self._parked_serial:  # a serial step may be free now
                            self._wake_up(self.runs[index])
                        self._parked_serial.clear()
            except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (engine.interrupts)
                self.stopping = True
                log.warning("interrupted: letting work in flight finish, then stopping")
                for future, (run, unit) in list(in_flight.items()):
                    run.busy = False
                    try:
                        result = future.result()
                    except KeyboardInterrupt:
                        continue  # that unit was cut short; its step stays in doubt for resume
                    self._handle(run, unit, result)
                in_flight.clear()
                code = interrupt_exit_code(stop)
                if self.journal is not None:
                    self.journal.write("run_interrupted", exit_code=int(code))
                raise RunInterrupted(self.journal.run_id if self.journal else "-", code) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for run in self.runs:
                if run.session is not None:
                    run.session.close()
                    run.session = None
            self.connector.close()  # sessions steps opened to other nodes (idempotent)
        self._cluster_checked()  # (no node was pre-checked: all resumed past that)
        code = self._exit_code()
        outcome = RunOutcome(
            self.workflow,
            self.settings.mode,
            tuple(self.runs),
            code,
            self.journal.run_id if self.journal else None,
            cluster_results=tuple(self.cluster_results),
            precheck_only=tuple(self.precheck_only),
            node_order=self.node_order,
            stopped_new=self.stop_new,
        )
        if self.journal is not None:
            self.journal.write(
                "run_finished",
                exit_code=int(code),
                summary={state: self.count(state) for state in (DONE, FAILED, NEEDS_OPERATOR)},
                not_started=[r.name for r in self.runs if r.state not in TERMINAL],
                # every targeted node, the ones a cluster flow reached through its entry node
                # included, so `runs show` lists none of a finished run as pending (15.4)
                accounts=[a.to_json() for a in outcome.accounts()],
            )
        return outcome

    def count(self, state: str) -> int:
        return sum(1 for r in self.runs if r.state == state)

    def _exit_code(self) -> ExitCode:
        if self.settings.mode is Mode.PLAN:
            if self.count(NEEDS_OPERATOR):
                return ExitCode.REFUSED  # a guard refused already while planning
            blocked = self.count(FAILED)
            if blocked == 0:
                return ExitCode.OK
            return ExitCode.PARTIAL if blocked < len(self.runs) else ExitCode.FAILED
        if self.count(NEEDS_OPERATOR):
            return ExitCode.REFUSED
        done = self.count(DONE)
        if done == len(self.runs):
            return ExitCode.OK
        return ExitCode.PARTIAL if done else ExitCode.FAILED

    def _wake_up(self, run: NodeRun) -> None:
        """Look at `run` in the next pass (its unit finished: it may have more to do)."""
        index = self._index[id(run)]
        if index not in self._woken:
            self._woken.add(index)
            heapq.heappush(self._wake, index)

    def _schedule(
        self, pool: ThreadPoolExecutor, in_flight: dict[Future[Any], tuple[NodeRun, str]]
    ) -> None:
        """Start units, lowest node first, among the nodes woken since the last pass and
        (while the window allows) the READY ones: the same choice a scan of every node in
        order makes, at a cost per started unit instead of per node."""
        prechecks_open = self._open_prechecks > 0
        parallel = self.settings.parallel
        while len(in_flight) < parallel:  # --parallel bounds the nodes being worked on
            window = not prechecks_open and not self.stop_new and self._active_count < parallel
            ready = self._ready[0] if window and self._ready else None
            woken = self._wake[0] if self._wake else None
            if ready is None and woken is None:
                return
            if woken is None or (ready is not None and ready < woken):
                index = heapq.heappop(self._ready)
            else:
                index = heapq.heappop(self._wake)
                self._woken.discard(index)
            run = self.runs[index]
            unit = self._next_unit(run, prechecks_open, in_flight)
            if unit is None:
                if not run.busy and run.state == READY:
                    heapq.heappush(self._ready, index)
                elif not run.busy and run.state not in TERMINAL:
                    self._parked_serial.add(index)  # a serial step another node is running
                continue
            name, work = unit
            run.busy = True
            seq = self._wait_up_front(run, name)
            if seq is not None:
                work = partial(self._durable_first, seq, work)
            future = pool.submit(work)
            in_flight[future] = (run, name)
            future.add_done_callback(self._done.put)

    def _finished(self) -> list[Future[Any]]:
        """The units finished since the last look, waiting for one if none is: each future
        puts itself in `_done` when it ends. (`concurrent.futures.wait` over the futures in
        flight costs a waiter on each of them per wake-up: --parallel work per finished unit,
        the coordinator's largest cost at scale, issue 16.)"""
        finished = [self._done.get()]
        while True:
            try:
                finished.append(self._done.get_nowait())
            except queue.Empty:
                return finished

    def _wait_up_front(self, run: NodeRun, unit: str) -> int | None:
        """(Coordinator, as `unit` is started.) The record `unit` waits to be on disk before its
        first remote call, or None. Every change on a node is preceded by a record its unit
        waits for (`step_started` before an apply, `remediation_started` before a remediation;
        the journal is one ordered file, so that wait covers every record before it), and
        every record is in the file before the unit that follows it starts (a kill keeps
        it), so the waits up front are only these:
        - the node's first unit after its pre-checks waits for their records (they are on
          disk before its first step acts: a power loss after it redoes none of them), not
          for what the coordinator queued for other nodes since, usually on disk long before;
        - the node's first unit without pre-checks in this run (resumed past them), the end
          sweep (it removes files) and a step in doubt (its settling may remove an earlier
          call's marker) wait for everything queued before them.
        Later units read before they change anything. Issue 16: at --parallel 64 each of these
        waits bunched the nodes up again on one fsync, once per unit, on every node's path."""
        if self.journal is None or unit in _READ_ONLY_UNITS:
            return None
        first = not run.waited_durable
        run.waited_durable = True
        doubt = unit in run.history.in_doubt
        if first and run.checked_seq is not None and unit != SWEEP_END and not doubt:
            return run.checked_seq
        if first or unit == SWEEP_END or doubt:
            return self.journal.last_seq
        return None

    def _durable_first(self, seq: int, work: Unit) -> Any:
        """In the worker: the records the coordinator queued before this unit (the state it
        acts in) are on disk before the unit's first remote call."""
        assert self.journal is not None
        self.journal.wait_durable(seq)
        return work()

    def _next_unit(
        self,
        run: NodeRun,
        prechecks_open: bool,
        in_flight: dict[Future[Any], tuple[NodeRun, str]],
    ) -> tuple[str, Unit] | None:
        while not run.busy and run.state not in TERMINAL:
            state = run.state
            if state == PENDING:
                run.fire("start")
                continue
            if state == PRECHECKS:
                return PRECHECKS, partial(self._prechecks, run)
            if state == READY:
                # Every node is checked before any node changes; then a window of `parallel`.
                if prechecks_open or self.stop_new or self._active_count >= self.settings.parallel:
                    return None
                if self.settings.mode is Mode.APPLY:
                    log.info("%s: starting", run.name)
                run.fire("begin")
                continue
            if state == VERIFYING:
                if self.settings.mode is Mode.PLAN:
                    run.fire("verified")
                    continue
                return VERIFYING, partial(self._verify, run)
            if state.endswith(REMEDIATING_SUFFIX):
                spec = self.workflow.step(state[: -len(REMEDIATING_SUFFIX)])
                fix = run.pending_fix
                assert fix is not None, "remediate fires only with a chosen remediation"
                return state, partial(self._remediate, run, spec, fix)
            spec = self.workflow.step(state)
            if spec.id in run.history.finished and self.settings.mode is Mode.APPLY:
                if self.journal is not None:
                    self.journal.append(
                        "step_skipped",
                        node=run.name,
                        step=spec.id,
                        reason="finished earlier in this run",
                    )
                run.fire("succeeded")
                continue
            if spec.serial and any(other.state == spec.id for other, _ in in_flight.values()):
                return None
            in_doubt = spec.id in run.history.in_doubt
            if self._verifies_next(spec):
                return spec.id, partial(self._step_verified, run, spec, in_doubt)
            return spec.id, partial(self._step, run, spec, in_doubt)
        if (
            run.state in TERMINAL
            and run.swept_start
            and not run.swept_end
            and not run.busy
            and self.workflow.sweeps
        ):
            if all(_nothing_left(sweep, run.session) for sweep in self.workflow.sweeps):
                run.swept_end = True  # every sweep knows its node holds nothing of ours
                return None
            return SWEEP_END, partial(self._sweep, run, "end")
        return None

    # -- results -> events ---------------------------------------------------------------------

    def _cluster_checked(self) -> list[CheckResult]:
        """The whole-target checks' results, waiting for them the first time (they run beside
        the nodes' pre-checks), journaled once."""
        future, self._cluster_checks = self._cluster_checks, None
        if future is not None:
            self.cluster_results = future.result()
            if self.journal is not None:
                for r in self.cluster_results:
                    self.journal.append("precheck", **r.to_json())
        return self.cluster_results

    def _handle(self, run: NodeRun, unit: str, result: Any) -> None:
        if isinstance(result, PrecheckDone):
            run.precheck_results = result.results
            run.session = result.session
            for other, results in zip(self.precheck_only, result.others, strict=True):
                other.precheck_results = results
            others = [r for rs in result.others for r in rs]
            everything = [*result.results, *others]
            cluster = self._cluster_checked()
            failing = [r for r in [*cluster, *everything] if r.status is Status.FAIL]
            if self.journal is not None:
                for r in everything:
                    run.checked_seq = self.journal.append("precheck", **r.to_json())["seq"]
            if failing:
                # a cluster flow's entry node is blocked by the other nodes' checks too: those
                # name their node, so the entry node is not taken for the one that failed (A2)
                run.error = "; ".join(
                    f"{r.node}/{r.check}: {r.observed}"
                    if r in others
                    else f"{r.check}: {r.observed}"
                    for r in failing
                )
                run.fire("blocked", error=run.error)
                self._note_failure()
            else:
                run.fire("prechecks_passed")
        elif isinstance(result, StepDone):
            self._handle_step(run, unit, result)
            if result.verified is not None and run.state == VERIFYING:
                self._handle(run, VERIFYING, result.verified)
        elif isinstance(result, SweepDone):
            run.swept_end = True
            run.swept.extend(result.removed)
        elif isinstance(result, RemediationDone):
            if result.error is None:
                run.fire("remediated")
            else:
                run.error = describe(result.error)
                run.fire("needs_operator", error=run.error)
        elif isinstance(result, VerifyDone):
            failing = [r for r in result.results if r.status is Status.FAIL]
            if failing:
                run.error = "verification: " + "; ".join(
                    f"{r.check}: {r.observed}" for r in failing
                )
                run.fire("failed", error=run.error)
                self._note_failure()
            else:
                run.fire("verified")

    def _handle_step(self, run: NodeRun, step_id: str, result: StepDone) -> None:
        report = run.reports[step_id]
        report.attempts += result.attempts
        report.change = result.change or report.change
        report.warnings = (*report.warnings, *result.warnings)
        spec = self.workflow.step(step_id)
        for _ in range(result.retried):
            run.fire("retry")
        if result.error is None:
            report.outcome = result.outcome
            report.error = None
            run.error = None  # an earlier attempt's error (remediated, retried) is history now
            if result.outcome == "changed" and result.change is not None:
                log.info(
                    "%s: %s: %s -> %s", run.name, step_id, result.change.before, result.change.after
                )
            run.fire("succeeded")
            return
        report.outcome = "failed"
        report.error = run.error = describe_failure(result.error)
        if not spec.idempotent and is_transient(result.error):
            # the answer was lost while a one-shot change ran: it may have landed
            report.error = run.error = (
                f"{run.error} (the change may have landed before the answer was lost; "
                "resume re-checks it and does not call it again if it did)"
            )
        fix = self._matching_remediation(run, spec, result.error)
        if fix is not None:
            run.pending_fix = fix
            run.remediation_uses[fix.remediation.id] = (
                run.remediation_uses.get(fix.remediation.id, 0) + 1
            )
            run.fire("remediate", error=run.error)
        elif isinstance(result.error, NeedsOperator) or spec.remediations:
            run.fire("needs_operator", error=run.error)
        else:
            run.fire("failed", error=run.error)
            self._note_failure()

    def _matching_remediation(
        self, run: NodeRun, spec: StepSpec, error: BaseException | None
    ) -> RemediationSpec | None:
        if error is None:
            return None
        for fix in spec.remediations:
            uses = run.remediation_uses.get(fix.remediation.id, 0)
            if uses < fix.max_uses and fix.remediation.matches(error):
                return fix
        return None

    def _note_failure(self) -> None:
        limit = self.settings.max_fail_percent
        if limit is None or self.stop_new:
            return
        failed = self.count(FAILED) + self.count(NEEDS_OPERATOR)
        if failed * 100 > limit * len(self.runs):
            self.stop_new = True
            log.warning(
                "%d of %d nodes failed, above --max-fail-percent %g: no new node is started",
                failed,
                len(self.runs),
                limit,
            )

    # -- units of work (worker threads) --------------------------------------------------------

    def _context(self, run: NodeRun) -> StepContext:
        if run.session is None:
            # resumed mid-flow; remembering its reads, like the pre-checks' (engine/prechecks.py)
            run.session = RememberingSession(self.connector.transport.open(run.name))
        return StepContext(
            run.name,
            run.session,
            self.connector.controller_clock,
            self.settings.options,
            self.connector,
        )

    def _prechecks(self, run: NodeRun) -> PrecheckDone:
        if not self.precheck_only:
            results, session = check_node(
                run.node, self.connector, self.workflow.prechecks, options=self.settings.options
            )
            return PrecheckDone(results, session, ())
        # A cluster flow checks every targeted node, --parallel at a time (issue 16.1). The
        # other nodes' sessions stay open: a cluster step reaches those nodes through the same
        # pool (one pool per node per run); the run's end closes them with the connector.
        nodes = [run.node, *(other.node for other in self.precheck_only)]
        workers = max(1, min(self.settings.parallel, len(nodes)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="precheck") as pool:
            checked = list(pool.map(self._precheck_cluster_node, nodes))
        (results, session), *others = checked
        return PrecheckDone(results, session, tuple(r for r, _session in others))

    def _precheck_cluster_node(self, node: Node) -> tuple[list[CheckResult], NodeSession | None]:
        """One node of a cluster flow's pre-checks, journaled on its own as it finishes, so a
        resume after a crash redoes only the nodes that had not passed (16.1)."""
        passed = self.passed_prechecks.get(node.name)
        if passed is not None:
            return passed, None  # the entry node's session is opened when a step needs it
        known = self.passed_checks.get(node.name, {})
        todo = [check for check in self.workflow.prechecks if check.name not in known]
        if not todo:  # every check passed before the crash; only its prechecks_done was lost
            return [known[check.name] for check in self.workflow.prechecks], None
        journal = self.journal
        if journal is not None:
            # The nodes checked before this one started are on disk before its first call: a
            # crash from here on redoes none of them (their records are queued, below).
            journal.wait_durable()

        def journaled(result: CheckResult) -> None:
            if journal is not None:
                # Each check as it finishes (queued): a crash in the middle of this node's
                # checks redoes only the ones not journaled (issue 16).
                journal.append("node_precheck", **result.to_json())

        results, session = check_node(
            node, self.connector, todo, on_result=journaled, options=self.settings.options
        )
        if known:
            fresh = {r.check: r for r in results}  # a reachability failure now wins
            results = [fresh.get(c.name) or known[c.name] for c in self.workflow.prechecks]
        if self.journal is not None:
            # Queued, not waited for (the slowest node's fsync was on the critical path): a
            # record lost in a crash only means this node is checked again on resume, and
            # the first step waits for every record queued before it (_durable_first).
            self.journal.append(
                "prechecks_done", node=node.name, results=[r.to_json() for r in results]
            )
        return results, session

    def _verify(self, run: NodeRun) -> VerifyDone:
        try:
            ctx = self._context(run)
        except TransportError as error:
            return VerifyDone([CheckResult(run.name, "verification", Status.FAIL, describe(error))])
        check_ctx = NodeCheckContext(
            run.name,
            ctx.session,
            self.connector.controller_clock,
            self.connector,
            self.settings.options,
        )
        results = []
        for check in self.workflow.verification:
            try:
                results.append(check.evaluate(check_ctx))
            except (TransportError, RemoteCommandError) as error:
                results.append(CheckResult(run.name, check.name, Status.FAIL, describe(error)))
        return VerifyDone(results)

    def _verifies_next(self, spec: StepSpec) -> bool:
        """Whether the unit of `spec` also verifies the node: the last step (its success leads
        to `verifying`), applied, not serial (the other nodes would wait for the verification
        to enter it)."""
        return (
            self.settings.mode is Mode.APPLY and spec is self.workflow.steps[-1] and not spec.serial
        )

    def _step_verified(self, run: NodeRun, spec: StepSpec, in_doubt: bool) -> StepDone:
        """The last step, then, if it succeeded, the verification in the same unit: a node's
        verification only reads (no record of its own, nothing to wait for) and always follows
        the last step's success, so it needs no round trip through the coordinator, whose
        handling of --parallel nodes finishing together was on every node's path (issue 16:
        at 64 nodes in step each round trip was a burst of 64 completions for one thread). The
        coordinator fires `succeeded` then, in `verifying`, handles the verification as if it
        were its own unit; the journal's records come in the same order as before."""
        done = self._step(run, spec, in_doubt)
        if done.error is not None:
            return done
        return attrs.evolve(done, verified=self._verify(run))

    def _remediate(self, run: NodeRun, spec: StepSpec, fix: RemediationSpec) -> RemediationDone:
        rid = fix.remediation.id
        if self.journal is not None:
            self.journal.write("remediation_started", node=run.name, step=spec.id, remediation=rid)
        try:
            fix.remediation.apply(self._context(run))
        except Exception as error:
            if self.journal is not None:
                self.journal.write(
                    "remediation_failed",
                    node=run.name,
                    step=spec.id,
                    remediation=rid,
                    error=describe(error),
                )
            return RemediationDone(error)
        if self.journal is not None:
            self.journal.write("remediation_finished", node=run.name, step=spec.id, remediation=rid)
        return RemediationDone(None)

    def _sweep(self, run: NodeRun, when: str) -> SweepDone:
        """Every sweep of the flow on this node; a failure is reported, never fatal (the next
        run or resume sweeps again)."""
        removed: list[str] = []
        for sweep in self.workflow.sweeps:
            try:
                # transient errors retried like a step's: a secret left is worse than a wait
                for attempt in retrying(TRANSIENT, sleep=self.sleep, on_retry=lambda *_: None):
                    with attempt:
                        found = sweep.sweep(self._context(run))
            except Exception as error:
                log.warning(
                    "%s: sweep %s (%s) failed: %s", run.name, sweep.id, when, describe(error)
                )
                if self.journal is not None:
                    self.journal.write(
                        "sweep_failed",
                        node=run.name,
                        sweep=sweep.id,
                        when=when,
                        error=describe(error),
                    )
                continue
            if found:
                log.warning(
                    "%s: removed %d leftover file(s) of an interrupted run (%s, at the %s): %s",
                    run.name,
                    len(found),
                    sweep.id,
                    when,
                    ", ".join(found),
                )
                if self.journal is not None:
                    self.journal.write(
                        "leftovers_removed", node=run.name, sweep=sweep.id, when=when, removed=found
                    )
            removed.extend(found)
        return SweepDone(removed)

    def _step(self, run: NodeRun, spec: StepSpec, in_doubt: bool) -> StepDone:
        """One step, with what its commands said besides their output (warnings, verbose,
        information, host lines) kept: logged (shown with -v), journaled masked, and the
        warnings handed to the run result."""
        if self.settings.mode is Mode.APPLY and self.workflow.sweeps and not run.swept_start:
            # The start of this node's work in this run (or resume): before any step.
            run.swept_start = True
            run.swept.extend(self._sweep(run, "start").removed)
        with capturing() as sink:
            done = self._step_attempts(run, spec, in_doubt)
        for entry in sink.entries:
            log.info("%s: %s: %s: %s", entry.node, entry.command, entry.stream, entry.text)
        if sink.entries and self.journal is not None:
            # queued, like step_finished
            self.journal.append(
                "step_streams",
                node=run.name,
                step=spec.id,
                entries=[entry.to_json() for entry in sink.entries],
            )
        return attrs.evolve(done, warnings=sink.warnings)

    def _step_attempts(self, run: NodeRun, spec: StepSpec, in_doubt: bool) -> StepDone:
        journal = self.journal
        attempts = 0
        retried = 0
        last_change: Change | None = None
        # An attempt that reached apply may have changed the node before its answer was lost
        # (a dropped connection after the cmdlet ran): a later attempt that finds nothing to do
        # reports the change as reconciled, not as if nothing had happened.
        applied_before = False

        def on_retry(attempt: int, error: BaseException, wait_s: float) -> None:
            nonlocal retried
            retried += 1
            forget(run.session)  # a retry looks again (transport/remembering.py)
            if journal is not None:
                journal.write(
                    "step_retry",
                    node=run.name,
                    step=spec.id,
                    attempt=attempt,
                    error=describe(error),
                    transient=is_transient(error),
                    sleep_s=round(wait_s, 3),
                )

        try:
            for attempt in retrying(spec.retry, sleep=self.sleep, on_retry=on_retry):
                with attempt:
                    attempts += 1
                    ctx = self._context(run)
                    if journal is not None:
                        ctx = attrs.evolve(ctx, call_key=f"{journal.run_id}.{run.name}.{spec.id}")
                    settle = getattr(spec.step, "settle_in_doubt", None)
                    if (
                        settle is not None
                        and self.settings.mode is Mode.APPLY
                        and (in_doubt or applied_before or spec.id in run.applied_steps)
                    ):
                        # An earlier call may still run on the node: wait for it to end
                        # before the check decides (steps/one_shot.py); never call again
                        # while it may run.
                        awaited = settle(ctx)
                        if awaited and journal is not None:
                            journal.write(
                                "earlier_call_awaited", node=run.name, step=spec.id, markers=awaited
                            )
                    change = spec.step.check(ctx)
                    last_change = change
                    if self.settings.mode is Mode.PLAN:
                        return StepDone(change, "planned", attempts, retried)
                    if journal is not None:
                        # Queued: the step_started written before apply waits for it, and
                        # the next unit's first call waits for it (_durable_first).
                        journal.append(
                            "step_checked",
                            node=run.name,
                            step=spec.id,
                            attempt=attempts,
                            **change.to_json(),
                        )
                    if change.is_no_op:
                        outcome = "reconciled" if in_doubt or applied_before else "no-op"
                        if outcome == "reconciled" and spec.read_only_outcome:
                            outcome = spec.read_only_outcome  # an earlier attempt did the read
                        if journal is not None:
                            # Queued (as every step_finished): durable before the node's next
                            # unit makes a call (_durable_first) or the run's end; lost in a
                            # crash, resume re-checks the step, which the check allows.
                            journal.append(
                                "step_finished", node=run.name, step=spec.id, outcome=outcome
                            )
                        return StepDone(change, outcome, attempts, retried)
                    if in_doubt and not spec.reapply_when_in_doubt:
                        raise NeedsOperator(
                            f"{run.name}: {spec.id} was interrupted while applying and still "
                            f"reports {change.before!r} -> {change.after!r}; check the node by "
                            "hand before resuming (the step is not re-applied automatically)"
                        )
                    if change.kind is ChangeKind.UNKNOWN:
                        raise Undecidable(
                            f"{run.name}: {spec.id}: cannot tell what to change: {change.reason}"
                        )
                    if journal is not None:
                        journal.write(
                            "step_started",
                            node=run.name,
                            step=spec.id,
                            attempt=attempts,
                            idempotency_key=f"{journal.run_id}:{run.name}:{spec.id}",
                        )
                    applied_before = True
                    run.applied_steps.add(spec.id)
                    spec.step.apply(ctx, change)
                    confirmed = spec.step.check(ctx)
                    if not confirmed.is_no_op:
                        raise NotConverged(
                            f"{run.name}: {spec.id} applied but did not converge: "
                            f"still {confirmed.before!r}, wanted {change.after!r}"
                        )
                    outcome = spec.read_only_outcome or "changed"
                    if journal is not None:
                        journal.append(
                            "step_finished",
                            node=run.name,
                            step=spec.id,
                            outcome=outcome,
                            before=change.before,
                            after=change.after,
                        )
                    return StepDone(change, outcome, attempts, retried)
        except Exception as error:
            if journal is not None:
                journal.write(
                    "step_failed",
                    node=run.name,
                    step=spec.id,
                    attempt=attempts,
                    error=describe(error),
                    transient=is_transient(error),
                )
            return StepDone(last_change, "failed", attempts, retried, error)
        raise AssertionError("unreachable: tenacity either returns or re-raises")
