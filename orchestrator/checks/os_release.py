"""The OS release of every node: shown by precheck and status, and the guard that keeps the
Azure Stack HCI 21H2/22H2 flows off Azure Local 23H2 and later (no flag turns it off).

Why a guard and not a pre-check: a failed pre-check blocks one node and the others go on, and
its exit code is 1 or 4; on Azure Local nothing may go on, on any node, and the answer is a
refusal (exit 5) before the lock's run is journaled. Microsoft's reasons, quoted in the refusal:

- MicrosoftDocs/azure-stack-docs azure-local/deploy/register-with-azure.md @ 20002ee3c636
  (PowerShell tab): "You can't use this method to register systems running Azure stack HCI,
  version 23H2 and later."
- azure-local/deploy/deployment-without-azure-arc-gateway.md @ 0bf85df79fd4 ("Verify the setup
  is successful"): "Once an Azure Local machine is registered with Azure Arc, the only way to
  undo the registration is to install the operating system again on the machine."
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Literal

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import RefusedError, RemoteCommandError, TransportError
from orchestrator.facts.os_release import RELEASE_SOURCE, OsRelease, read_os_release
from orchestrator.inventory.models import Node

if TYPE_CHECKING:
    from orchestrator.transport.factory import Connector

REGISTER_TEXT = (
    "\u201cYou can\u2019t use this method to register systems running Azure stack HCI, version "
    "23H2 and later\u201d (Microsoft, azure-stack-docs azure-local/deploy/register-with-azure.md)"
)
UNDO_TEXT = (
    "\u201cOnce an Azure Local machine is registered with Azure Arc, the only way to undo the "
    "registration is to install the operating system again on the machine\u201d (Microsoft, "
    "azure-stack-docs azure-local/deploy/deployment-without-azure-arc-gateway.md)"
)
ARC_FIRST_PATH = (
    "register every machine with Azure Arc first (`orchestrate arc-initialize -i INVENTORY`, "
    "Invoke-AzStackHciArcInitialization on each node), then deploy the system from the Azure "
    "portal or an ARM template; the deployment registers it"
)
# Per refused verb: Microsoft's reason and the supported path instead.
REASONS: dict[str, tuple[str, str]] = {
    "register": (REGISTER_TEXT, ARC_FIRST_PATH),
    "repair": (
        REGISTER_TEXT,
        "Register-AzStackHCI -RepairRegistration is that same method; on Azure Local the "
        "registration belongs to the deployment (Azure portal). `orchestrate status` shows each "
        "machine's Arc agent and extensions",
    ),
    "unregister": (
        UNDO_TEXT,
        "nothing here undoes an Azure Local registration; `orchestrate status` shows each "
        "machine's Arc state",
    ),
    "arc-cleanup": (
        UNDO_TEXT,
        "the agents stay connected and the machines stay in Azure; reinstall the operating "
        "system to undo a machine's registration, as Microsoft says",
    ),
    "arc-repair": (
        UNDO_TEXT,
        "arc-repair disconnects and reconnects agents, which cannot be undone here; "
        "`orchestrate status` shows each machine's Arc agent and extensions",
    ),
    "arc-offboard": (
        UNDO_TEXT,
        "azcmagent disconnect would undo the registration; reinstall the operating system "
        "instead, as Microsoft says",
    ),
}


@attrs.frozen
class OsReleaseCheck:
    """The node's OS build, DisplayVersion and the release they map to (informational)."""

    name: str = "os"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        release = read_os_release(ctx.session)
        observed = release.describe()
        if release.arc_first:
            observed += (
                "; Arc-first: machines are registered with `orchestrate arc-initialize`, and "
                "register, repair, unregister and the arc-* cleanup flows refuse"
            )
        return CheckResult(ctx.node, self.name, Status.PASS, observed)


Needs = Literal["classic", "arc-first"]


def _read(connector: Connector, node: Node) -> OsRelease | str | None:
    """The node's release; the error text when it cannot be read; None when unreachable (the
    flow's reachability pre-check reports that node, and nothing runs there)."""
    try:
        session = connector.transport.open(node.name)
    except TransportError:
        return None
    # The session stays open: the transport keeps one per node per run (one runspace pool),
    # and the run's pre-checks and steps reuse it; the run's end (or a refusal) closes it.
    try:
        return read_os_release(session)
    except (RemoteCommandError, TransportError) as error:
        return str(error)


def _listing(releases: dict[str, OsRelease]) -> str:
    return "; ".join(f"{name}: {release.describe()}" for name, release in releases.items())


@attrs.frozen
class ReleaseGuard:
    """Refuses (exit 5) a whole run before anything changes when a targeted node's release is not
    the one the flow is for, or when the cluster's nodes run different releases.

    `needs="classic"`: the Register-AzStackHCI era flows (Azure Stack HCI 21H2/22H2);
    `needs="arc-first"`: arc-initialize (Azure Local 23H2 and later)."""

    verb: str
    needs: Needs = "classic"
    name: str = "os_release"

    def enforce(self, connector: Connector, nodes: Sequence[Node], parallel: int) -> None:
        inventory = connector.inventory
        everyone = list(inventory.cluster.nodes) if inventory is not None else list(nodes)
        targeted = {n.name.lower() for n in nodes}
        workers = max(1, min(parallel, len(everyone)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="os-release") as pool:
            answers = list(pool.map(lambda n: (n.name, _read(connector, n)), everyone))
        releases = {name: r for name, r in answers if isinstance(r, OsRelease)}
        unreadable = {
            name: r for name, r in answers if isinstance(r, str) and name.lower() in targeted
        }
        if unreadable:
            name, error = next(iter(unreadable.items()))
            raise RefusedError(
                f"refused: {self.verb} needs each node's OS release and {name}'s could not be "
                f"read ({error}); this guard refuses when it cannot tell. Nothing was changed."
            )
        if len({r.arc_first for r in releases.values()}) > 1:
            raise RefusedError(
                f"refused: {self.verb}: the cluster's nodes run different releases "
                f"({_listing(releases)}); Azure Stack HCI 21H2/22H2 and Azure Local 23H2+ "
                "nodes are registered differently and cannot be handled as one cluster. "
                "Nothing was changed."
            )
        wrong = {
            name: r
            for name, r in releases.items()
            if name.lower() in targeted and r.arc_first != (self.needs == "arc-first")
        }
        if not wrong:
            return
        if self.needs == "arc-first":
            raise RefusedError(
                f"refused: {self.verb} is for Azure Local 23H2 and later "
                f"(Invoke-AzStackHciArcInitialization ships with that OS); {_listing(wrong)}. "
                "Register an Azure Stack HCI 21H2/22H2 cluster with `orchestrate register`. "
                f"Releases per {RELEASE_SOURCE}. Nothing was changed."
            )
        reason, path = REASONS.get(self.verb, (UNDO_TEXT, ARC_FIRST_PATH))
        raise RefusedError(
            f"refused: {self.verb} is an Azure Stack HCI 21H2/22H2 flow and {_listing(wrong)} "
            f"runs Azure Local 23H2 or later: {reason}. Supported path: {path}. "
            "No option turns this guard off. Nothing was changed."
        )
