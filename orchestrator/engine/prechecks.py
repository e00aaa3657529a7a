"""Read-only pre-checks of one node: open its session, evaluate every check, keep going on failure.

The engine runs this as the `prechecks` unit of every workflow (the session it opens is then
reused by the steps); `run_prechecks` is the stand-alone form.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from orchestrator.checks.base import (
    CheckResult,
    ClusterCheck,
    NodeCheck,
    NodeCheckContext,
    Status,
)
from orchestrator.checks.reachability import ReachabilityCheck
from orchestrator.engine.spec import OptionValue
from orchestrator.errors import AzureError, RemoteCommandError, TransportError
from orchestrator.inventory.models import Inventory, Node
from orchestrator.transport.base import NodeSession
from orchestrator.transport.factory import Connector
from orchestrator.transport.remembering import RememberingSession, forget

log = logging.getLogger(__name__)

ProgressHook = Callable[[CheckResult], None]


def check_node(
    node: Node,
    connector: Connector,
    checks: Sequence[NodeCheck],
    on_result: ProgressHook = lambda _r: None,
    options: Mapping[str, OptionValue] | None = None,
) -> tuple[list[CheckResult], NodeSession | None]:
    """Results in declared order, and the open session (None when the node is unreachable).
    `options` are the run's (from the command line, the plan or the journal)."""
    results: list[CheckResult] = []

    def record(result: CheckResult) -> None:
        results.append(result)
        on_result(result)

    reach = next((c for c in checks if isinstance(c, ReachabilityCheck)), ReachabilityCheck())
    try:
        # one session per node per run, remembering its reads (a repeated read costs no call)
        session: NodeSession = RememberingSession(connector.transport.open(node.name))
    except TransportError as error:
        record(reach.unreachable(node.name, node.host, error))
        for check in checks:
            if check is not reach:
                record(CheckResult(node.name, check.name, Status.SKIPPED, "node unreachable"))
        return results, None
    ctx = NodeCheckContext(
        node.name, session, connector.controller_clock, connector, dict(options or {})
    )
    for check in checks:
        try:
            record(check.evaluate(ctx))
        except TransportError as error:
            record(
                reach.unreachable(node.name, node.host, error)
                if check is reach
                else CheckResult(
                    node.name,
                    check.name,
                    Status.FAIL,
                    error.message,
                    "The session to the node broke; re-run the pre-checks.",
                )
            )
        except RemoteCommandError as error:
            record(
                CheckResult(
                    node.name,
                    check.name,
                    Status.FAIL,
                    error.message,
                    "The probe itself failed on the node; see the message.",
                )
            )
    # The steps use this session after every node's pre-checks (minutes at scale): they look
    # at the node afresh, nothing read here is answered from memory there.
    forget(session)
    return results, session


def _check_and_close(
    node: Node, connector: Connector, checks: Sequence[NodeCheck], on_result: ProgressHook
) -> list[CheckResult]:
    results, session = check_node(node, connector, checks, on_result)
    if session is not None:
        session.close()
    return results


def run_prechecks(
    inventory: Inventory,
    connector: Connector,
    checks: Sequence[NodeCheck],
    *,
    nodes: Sequence[Node] | None = None,
    parallel: int = 8,
    on_result: ProgressHook = lambda _r: None,
) -> list[CheckResult]:
    """Results in inventory node order, checks in declared order, whatever finished first."""
    targets = list(nodes if nodes is not None else inventory.cluster.nodes)
    connector.new_run()
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="precheck") as pool:
        futures = [pool.submit(_check_and_close, n, connector, checks, on_result) for n in targets]
        return [result for future in futures for result in future.result()]


def check_cluster(connector: Connector, checks: Sequence[ClusterCheck]) -> list[CheckResult]:
    """Run the whole-target checks once; an Azure call that fails is a failed check, not a crash."""
    results: list[CheckResult] = []
    for check in checks:
        try:
            results.extend(check.evaluate(connector))
        except AzureError as error:
            results.append(
                CheckResult(
                    "azure",
                    check.name,
                    Status.FAIL,
                    f"{error.code}: {error.message}",
                    "The Azure call behind this check failed; fix the cause shown and re-run.",
                )
            )
    return results
