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
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.checks.double_hop import PROBE_KEY, EntryProbe, entry_probe
from orchestrator.errors import RefusedError, RemoteCommandError, TransportError
from orchestrator.facts.os_release import (
    RELEASE_SOURCE,
    OsRelease,
    os_info_build,
    read_os_info,
    read_os_release,
)
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
        # In a guarded run the guard read CIM_OperatingSystem moments ago, under the run's
        # lock: only the registry key (DisplayVersion, UBR) is read here (issue 16).
        handed = ctx.connector.handed(os_info_key(ctx.node)) if ctx.connector else None
        release = read_os_release(ctx.session, handed)
        observed = release.describe()
        if release.arc_first:
            observed += (
                "; Arc-first: machines are registered with `orchestrate arc-initialize`, and "
                "register, repair, unregister and the arc-* cleanup flows refuse"
            )
        return CheckResult(ctx.node, self.name, Status.PASS, observed)


Needs = Literal["classic", "arc-first"]


def os_info_key(node: str) -> str:
    """The key a guard hands its CIM_OperatingSystem read of `node` over under (Connector)."""
    return f"os_info:{node.lower()}"


@attrs.frozen
class _Read:
    """What the guard read of one node: the CIM_OperatingSystem answer and the release it
    decides on (the build only, unless the answer had no BuildNumber)."""

    info: dict[str, Any]
    release: OsRelease

    def seen(self) -> dict[str, Any]:
        """Journaled with the run: what a resume compares to decide whether the node may have
        changed while the run was parked (an OS upgrade or update reboots the node)."""
        boot = self.info.get("LastBootUpTime")
        return {"build": self.release.build, "last_boot": None if boot is None else _instant(boot)}


def _instant(boot: object) -> str:
    """LastBootUpTime as a UTC instant in ISO form (text, as the journal keeps it). A DateTime
    crosses PowerShell remoting as CLIXML text with the offset of the machine that serialised
    it (pypsrp keeps that text), so the same boot read directly from the node and read through
    the entry node (its time zone) may differ in text, not in instant; a text that is not an
    ISO date is kept as it is (a difference then only makes a resume check the node again)."""
    text_ = str(boot)
    try:
        moment = datetime.fromisoformat(text_)
    except ValueError:
        return text_
    return moment.astimezone(UTC).isoformat() if moment.tzinfo is not None else moment.isoformat()


def _fanned_out(probe: EntryProbe | None, node: Node) -> _Read | None:
    """The node's read from the entry probe's one call, when it has one with a build."""
    info = probe.os_info.get(node.name.lower()) if probe is not None else None
    build = os_info_build(info) if info is not None else None
    return _Read(info, OsRelease(build)) if info is not None and build is not None else None


def _entry_probe(connector: Connector) -> EntryProbe | None:
    """The double-hop probe from the entry node (Get-Cluster, then one call that opens every
    node's session and reads CIM_OperatingSystem in each), handed over to the run so its
    double-hop rows read it without asking again. None when it could not be made: every node
    is then read directly, and the double-hop check probes again itself and reports why."""
    if connector.inventory is None:
        return None
    try:
        probe = entry_probe(connector)
    except (RemoteCommandError, TransportError):
        return None
    connector.hand_over(PROBE_KEY, probe)
    return probe


def _read(connector: Connector, node: Node) -> _Read | str | None:
    """The node's build (one call); the error text when it cannot be read; None when
    unreachable (the flow's reachability pre-check reports that node, and nothing runs there).

    The decision rests on the build alone, as the module's does: Register-AzStackHCI reads
    DisplayVersion and BuildNumber (`$osVersionDetectoid`) but decides on
    `[Int]::Parse($osVersionInfo.BuildNumber)` against $22H2BuildNumber / $23H2BuildNumber and
    only logs DisplayVersion (Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom/
    stackhci.ps1 @ 06618c806a1a, Register-AzStackHCI). The registry key is read only to name
    a refused node's release, or when the CIM answer has no BuildNumber."""
    try:
        session = connector.transport.open(node.name)
    except TransportError:
        return None
    # The session stays open: the transport keeps one per node per run (one runspace pool),
    # and the run's pre-checks and steps reuse it; the run's end (or a refusal) closes it.
    try:
        info = read_os_info(session)
        build = os_info_build(info)
        release = OsRelease(build) if build is not None else read_os_release(session, info)
        return _Read(info, release)
    except (RemoteCommandError, TransportError) as error:
        return str(error)


def _described(connector: Connector, name: str, read: _Read) -> OsRelease:
    """The release with its registry part (DisplayVersion, UBR), to name it in a refusal."""
    try:
        return read_os_release(connector.transport.open(name), read.info)
    except (RemoteCommandError, TransportError):
        return read.release  # the build alone still says which release it is


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
    # The flow's pre-checks probe the double hop from the entry node (DoubleHopCheck), which
    # opens a session to every node from there anyway: the guard makes that probe first and
    # takes every node's CIM_OperatingSystem read from its one call (SESSIONS_OS_INFO), and
    # reads a node directly only when the probe has no answer for it (issue 16: a resume's
    # guard is two calls, not one per node). Each node is still read, now, before anything.
    through_entry_node: bool = False

    def enforce(
        self, connector: Connector, nodes: Sequence[Node], parallel: int
    ) -> dict[str, object]:
        inventory = connector.inventory
        everyone = list(inventory.cluster.nodes) if inventory is not None else list(nodes)
        targeted = {n.name.lower() for n in nodes}
        workers = max(1, min(parallel, len(everyone)))
        probe = _entry_probe(connector) if self.through_entry_node else None

        def answer(node: Node) -> tuple[str, _Read | str | None]:
            return node.name, _fanned_out(probe, node) or _read(connector, node)

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="os-release") as pool:
            answers = list(pool.map(answer, everyone))
            reads = {name: r for name, r in answers if isinstance(r, _Read)}
            unreadable = {
                name: r for name, r in answers if isinstance(r, str) and name.lower() in targeted
            }
            if unreadable:
                name, error = next(iter(unreadable.items()))
                raise RefusedError(
                    f"refused: {self.verb} needs each node's OS release and {name}'s could not "
                    f"be read ({error}); this guard refuses when it cannot tell. Nothing was "
                    "changed."
                )
            if self._refuses({name: r.release for name, r in reads.items()}, targeted):
                # Name each release in full (DisplayVersion, UBR): the refusal is read by a person.
                described = pool.map(lambda item: _described(connector, *item), reads.items())
                self._refuse(dict(zip(reads, described, strict=True)), targeted)
        for name, read in reads.items():
            connector.hand_over(os_info_key(name), read.info)
        return {name: read.seen() for name, read in reads.items()}

    def _refuses(self, releases: dict[str, OsRelease], targeted: set[str]) -> bool:
        if len({r.arc_first for r in releases.values()}) > 1:
            return True
        return any(
            name.lower() in targeted and r.arc_first != (self.needs == "arc-first")
            for name, r in releases.items()
        )

    def _refuse(self, releases: dict[str, OsRelease], targeted: set[str]) -> NoReturn:
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
        assert wrong, "called only when _refuses found a node to refuse"
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
