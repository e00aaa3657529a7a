"""Starting, planning and resuming runs: the journal, the lock and the engine put together.

The CLI verbs (and later the Ansible module) call these; they hold no flow knowledge.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from orchestrator.engine.journal import (
    FORMAT_VERSION,
    Journal,
    RecordHook,
    load_run,
    new_run_id,
    scrub_argv,
)
from orchestrator.engine.lock import ClusterLock
from orchestrator.engine.plan import plan_document
from orchestrator.engine.preflight import (
    check_credentials,
    check_run_inputs,
    narrowed_cluster_flow,
)
from orchestrator.engine.runner import Engine, Mode, NodeRun, RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue, Workflow
from orchestrator.errors import RefusedError
from orchestrator.inventory import Inventory, inventory_hash, load_inventory
from orchestrator.inventory.models import Node
from orchestrator.transport.factory import Connector, connect

DEFAULT_STATE_DIR = Path(".orchestrate")
EventHook = Callable[[NodeRun, str], None]


GuardSeen = dict[str, dict[str, object]]


def enforce_guards(
    workflow: Workflow, connector: Connector, nodes: Sequence[Node], parallel: int
) -> GuardSeen:
    """The flow's run guards (RefusedError, exit 5): before a plan, and before a run or a resume
    writes its first journal record, so a refused run leaves nothing behind. They read the
    nodes --parallel at a time, like everything else in the run (issue 16.1: at 8 a 16-node
    cluster's guard took two waves, two calls longer than the critical path). Returns what
    each guard saw per node (node -> guard -> facts), journaled with the run."""
    seen: GuardSeen = {}
    with closed_on_failure(connector):
        for guard in workflow.guards:
            for node, facts in guard.enforce(connector, nodes, parallel).items():
                seen.setdefault(node, {})[guard.name] = facts
    return seen


@contextmanager
def closed_on_failure(connector: Connector) -> Iterator[None]:
    """Closes the connector when what runs before the engine fails: the engine closes it at
    the end of its run (Engine.run), but one that never starts cannot, and the pools opened
    early and by the guards would stay open on the nodes."""
    try:
        yield
    except BaseException:
        connector.close()
        raise


def open_early(connector: Connector, nodes: Sequence[Node], parallel: int) -> None:
    """A new run or plan pre-checks every targeted node first thing (engine/runner.py), so
    their sessions are started now, while the guards run (Connector.open_early: over the wire
    the runspace pools open beside the guard's calls on the entry node). Called only once the
    run may start: after input checks, consent, the lock and the plan's staleness guard.
    Not on resume: a resumed node whose pre-checks still hold is not opened until a step
    needs it."""
    names = [node.name for node in nodes]
    entry = connector.inventory.cluster.entry_node.name if connector.inventory else None
    if entry in names:  # the guard's calls run there first: its pool opens first
        names.insert(0, names.pop(names.index(entry)))
    connector.open_early(names, parallel)


def make_plan(
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    settings: RunSettings,
    *,
    connector: Connector | None = None,
) -> dict[str, Any]:
    """Pre-checks and checks only; nothing is changed, nothing is journaled or locked."""
    check_credentials(workflow, inventory)
    plan_settings = RunSettings(
        mode=Mode.PLAN,
        parallel=settings.parallel,
        max_fail_percent=None,
        options=settings.options,
        sleep=settings.sleep,
    )
    connector = connector or connect(inventory)
    open_early(connector, nodes, plan_settings.parallel)
    enforce_guards(workflow, connector, nodes, plan_settings.parallel)
    with closed_on_failure(connector):  # until the engine runs and closes it itself
        engine = Engine(workflow, connector, nodes, plan_settings)
    outcome = engine.run()
    return plan_document(
        outcome,
        inventory=str(Path(inventory.source).resolve()),  # `apply` may run from elsewhere
        inventory_hash=inventory_hash(inventory.source),
        cluster=inventory.cluster.name,
        options=settings.options,
        exit_code=int(outcome.exit_code),
        prechecks_limited_to=narrowed_cluster_flow(workflow, inventory, nodes),
    )


def start_run(
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    settings: RunSettings,
    *,
    state_dir: Path,
    argv: Sequence[str],
    connector: Connector | None = None,
    after_record: RecordHook | None = None,
    on_event: EventHook | None = None,
    guard: Callable[[], None] | None = None,
) -> RunOutcome:
    """`guard` runs once the lock is held, before the journal exists: a refusal it raises
    (a stale plan) leaves no run behind, and nothing can change the cluster in between."""
    check_run_inputs(workflow, inventory, nodes, state_dir)  # nothing journaled on bad input
    run_id = new_run_id()
    with ClusterLock(inventory.cluster.name, run_id):
        if guard is not None:
            guard()
        connector = connector or connect(inventory)
        open_early(connector, nodes, settings.parallel)
        seen = enforce_guards(workflow, connector, nodes, settings.parallel)

        def started(journal: Journal) -> Engine:
            journal.write(
                "run_started",
                format_version=FORMAT_VERSION,
                run_id=run_id,
                workflow={
                    "name": workflow.name,
                    "version": workflow.version,
                    "fingerprint": workflow.fingerprint,
                },
                inventory=str(Path(inventory.source).resolve()),
                inventory_hash=inventory_hash(inventory.source),
                cluster=inventory.cluster.name,
                argv=scrub_argv(argv),
                options=dict(settings.options),
                nodes=[n.name for n in nodes],
                parallel=settings.parallel,
                max_fail_percent=settings.max_fail_percent,
                pid=os.getpid(),
                host=socket.gethostname(),
                guard_seen=seen,
            )
            return Engine(
                workflow,
                connector,
                nodes,
                settings,
                journal=journal,
                on_event=on_event,
            )

        return _journaled_run(connector, state_dir, run_id, after_record, started)


def resume_run(
    run_id: str,
    *,
    state_dir: Path,
    argv: Sequence[str],
    load_flow: Callable[[str], Workflow],
    connector: Connector | None = None,
    sleep: Callable[[float], None] | None = None,
    after_record: RecordHook | None = None,
    on_event: EventHook | None = None,
) -> RunOutcome:
    """Continue a run from its journal; refuses when the flow or the inventory changed."""
    history = load_run(state_dir, run_id)
    started = history.started
    workflow = load_flow(started["workflow"]["name"])
    if workflow.fingerprint != started["workflow"]["fingerprint"]:
        raise RefusedError(
            f"run {run_id} was made by {started['workflow']['name']} "
            f"v{started['workflow']['version']} (fingerprint {started['workflow']['fingerprint']}); "
            f"the installed flow is v{workflow.version} (fingerprint {workflow.fingerprint}). "
            "Resuming across a changed flow is unsafe; start a new run"
        )
    inventory = load_inventory(started["inventory"])
    if inventory_hash(inventory.source) != started["inventory_hash"]:
        raise RefusedError(
            f"run {run_id}: the inventory {started['inventory']} changed since the run started; "
            "resuming against a different inventory is unsafe; start a new run"
        )
    names = set(started["nodes"])
    nodes = [n for n in inventory.cluster.nodes if n.name in names]
    check_credentials(workflow, inventory)  # e.g. the password variable, before run_resumed
    options: Mapping[str, OptionValue] = started.get("options") or {}
    settings = RunSettings(
        mode=Mode.APPLY,
        parallel=int(started.get("parallel") or 8),
        max_fail_percent=started.get("max_fail_percent"),
        options=options,
        sleep=sleep,
    )
    with ClusterLock(inventory.cluster.name, run_id):
        connector = connector or connect(inventory)
        # Enforced again on every resume, every node read afresh: the OS can change while the
        # run is parked. Microsoft's 22H2 -> 23H2 path upgrades a registered cluster in place,
        # node by node (MicrosoftDocs/azure-stack-docs azure-local/upgrade/
        # upgrade-22h2-to-23h2-powershell.md @ 000750f2ac73; docs/engine.md "Resume").
        seen = enforce_guards(workflow, connector, nodes, settings.parallel)

        def resumed(journal: Journal) -> Engine:
            journal.write(
                "run_resumed",
                argv=scrub_argv(argv),
                pid=os.getpid(),
                host=socket.gethostname(),
                previous_status=history.status,
                guard_seen=seen,
            )
            return Engine(
                workflow,
                connector,
                nodes,
                settings,
                journal=journal,
                history=history,
                on_event=on_event,
                guard_seen=seen,
            )

        return _journaled_run(connector, state_dir, run_id, after_record, resumed)


def _journaled_run(
    connector: Connector,
    state_dir: Path,
    run_id: str,
    after_record: RecordHook | None,
    start: Callable[[Journal], Engine],
) -> RunOutcome:
    """The engine run of a new or resumed run: its journal opened, `start` writes the run's
    first record of this engine run (run_started, run_resumed) and makes the engine, which
    runs. Until the engine runs and closes the connector itself, a failure closes it
    (closed_on_failure); the journal is closed in any case."""
    with closed_on_failure(connector):
        journal = Journal.for_run(state_dir, run_id, after_record=after_record)
    try:
        with closed_on_failure(connector):
            engine = start(journal)
        return engine.run()
    finally:
        journal.close()
