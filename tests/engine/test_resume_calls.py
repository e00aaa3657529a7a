"""Issue 16 (resume calls / calls remaining), by counting remote calls per node, never time.

register on the 4-node lab, killed (the journal dies) right after the second node's pre-checks
were journaled, then resumed. What a resume may do again beyond the calls an uninterrupted run
had left, and why (docs/engine.md "Resume"):

- the run guard reads every node's build and last boot again: an OS can be upgraded in place
  while the run is parked. It reads them through the entry node's double-hop probe (Get-Cluster
  and one call that opens every node's session from the entry node and reads
  CIM_OperatingSystem in each), which the nodes still to be checked need anyway: two calls on
  the entry node, none on the others (it was one call a node plus the probe's three);
- the Azure checks run again.

Nothing else: a node whose pre-checks were journaled is not checked again, and no node reads
its OS release twice in one run (the OS pre-check takes the guard's read). When the probe
cannot read a node, the guard reads that node directly, and refuses as before.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import attrs
import pytest

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.checks.double_hop import DoubleHopCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.journal import JournalClosed
from orchestrator.engine.runner import RunOutcome, RunSettings
from orchestrator.engine.spec import StepSpec, Workflow
from orchestrator.exitcodes import ExitCode
from orchestrator.facts.os_release import CURRENT_VERSION_KEY
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector
from orchestrator.transport.scripts import SESSIONS_OS_INFO
from tests.engine.fakes import HeldFsync, SetValue, Store, lab
from workflows import FLOWS, load_workflow, register

# Get-Cluster, then SESSIONS_OS_INFO (New-PSSession to every node, the OS read in each,
# Remove-PSSession) on the entry node: the double hop and the guard's reads of every node
ENTRY_PROBE = 2
AZURE_CHECKS = 1  # the registration-target check's Get-AzureStackHCI (entry node)


class Crash(BaseException):
    pass


def counting(connector: Connector) -> Counter[tuple[str, str]]:
    """Every remote command from now on, per (node, command name)."""
    seen: Counter[tuple[str, str]] = Counter()
    transport = connector.transport
    assert isinstance(transport, LabTransport)

    def hook(node: str, command: Command, moment: str) -> None:
        if moment == "before":
            what = dict(command.parameters).get("ClassName") or dict(command.parameters).get("Path")
            seen[(node, f"{command.name} {what}" if what else command.name)] += 1

    transport.hook = hook
    return seen


def per_node(calls: Counter[tuple[str, str]]) -> Counter[str]:
    nodes: Counter[str] = Counter()
    for (node, _command), count in calls.items():
        nodes[node] += count
    return nodes


def run(connector: Connector, state_dir: Path, **kwargs: object) -> RunOutcome:
    inventory = connector.inventory
    assert inventory is not None
    return start_run(
        register.WORKFLOW,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=1),
        state_dir=state_dir,
        argv=["register"],
        connector=connector,
        **kwargs,  # type: ignore[arg-type]
    )


def killed_after_two_nodes(state_dir: Path) -> tuple[Connector, Counter[str], str]:
    """A register run whose journal dies right after node2's pre-checks were journaled."""
    _, connector = lab()
    calls = counting(connector)
    done: list[str] = []

    def crash(record: dict[str, object]) -> None:
        if record["type"] == "prechecks_done":
            done.append(str(record["node"]))
            if len(done) == 2:
                raise Crash

    with pytest.raises((Crash, JournalClosed)):
        run(connector, state_dir, after_record=crash)
    assert done == ["node1", "node2"]
    (run_id,) = [p.name for p in (state_dir / "runs").iterdir()]
    return connector, per_node(calls), run_id


def resume(connector: Connector, state_dir: Path, run_id: str) -> tuple[RunOutcome, Counter[str]]:
    outcome, calls = resume_counted(connector, state_dir, run_id)
    return outcome, per_node(calls)


def resume_counted(
    connector: Connector, state_dir: Path, run_id: str
) -> tuple[RunOutcome, Counter[tuple[str, str]]]:
    """The resumed run's outcome and its remote calls per (node, command)."""
    calls = counting(connector)
    outcome = resume_run(
        run_id,
        state_dir=state_dir,
        argv=["resume", run_id],
        load_flow=lambda _name: register.WORKFLOW,
        connector=connector,
    )
    return outcome, calls


def test_a_guarded_run_reads_each_nodes_os_release_once(tmp_path: Path) -> None:
    """The guard reads every node's CIM_OperatingSystem (the build it decides on) in the entry
    node's one probe call; the OS pre-check takes that read and adds only the registry key
    (DisplayVersion, UBR): one read of each per node, no node read directly by the guard."""
    _, connector = lab()
    calls = counting(connector)

    outcome = run(connector, tmp_path)

    assert outcome.exit_code is ExitCode.OK
    for node in ("node1", "node2", "node3", "node4"):
        assert calls[(node, f"Get-ItemProperty {CURRENT_VERSION_KEY}")] == 1, node
        assert calls[(node, "Get-CimInstance CIM_OperatingSystem")] == 0, node
    assert calls[("node1", SESSIONS_OS_INFO.name)] == 1  # every node's read, and the double hop
    assert calls[("node1", "Get-Cluster")] == 1
    assert calls[("node1", "New-PSSession")] == calls[("node1", "Remove-PSSession")] == 0
    rows = {r.node: r.observed for r in outcome.precheck_results if r.check == "os"}
    # the build from the guard's read, UBR and DisplayVersion from the registry
    assert rows["node2"] == "Azure Stack HCI 21H2 (build 20348.2113, DisplayVersion 21H2)"
    hops = {r.node: r.observed for r in outcome.precheck_results if r.check == "double-hop"}
    assert hops["node3"] == "node1 -> node3.contoso.local"


def test_resume_redoes_the_entry_probe_and_the_azure_check_nothing_else(tmp_path: Path) -> None:
    """Per node, what the resume calls beyond what the uninterrupted run had left: nothing on
    the nodes other than the entry node (it was one guard read each), and on the entry node
    the probe that reads every node's build and last boot (2 calls) and the Azure checks'
    call (0-1: it may have been made before the crash)."""
    whole_connector = lab()[1]
    whole_calls = counting(whole_connector)
    assert run(whole_connector, tmp_path / "whole").exit_code is ExitCode.OK
    whole = per_node(whole_calls)
    connector, killed, run_id = killed_after_two_nodes(tmp_path / "state")

    outcome, resumed = resume(connector, tmp_path / "state", run_id)

    assert outcome.exit_code is ExitCode.OK
    redone = {node: resumed[node] - (whole[node] - killed[node]) for node in whole}
    # node2 (checked before the crash) and node3, node4 (not yet): nothing again
    assert {node: redone[node] for node in ("node2", "node3", "node4")} == {
        "node2": 0,
        "node3": 0,
        "node4": 0,
    }
    assert ENTRY_PROBE <= redone["node1"] <= ENTRY_PROBE + AZURE_CHECKS
    remaining = sum(whole.values()) - sum(killed.values())
    assert sum(resumed.values()) - remaining <= ENTRY_PROBE + AZURE_CHECKS


def _upgraded_in_place(world: LabWorld, node: str) -> None:
    """The node went through Microsoft's in-place 22H2 -> 23H2 upgrade while the run was parked
    (azure-stack-docs upgrade-22h2-to-23h2-powershell.md: CAU's rolling upgrade reboots it)."""
    upgraded = world.node(node)
    upgraded.set_release("23H2")
    assert upgraded.last_boot is not None
    upgraded.last_boot += timedelta(hours=1)


def _refused_resume(
    connector: Connector, state_dir: Path, run_id: str
) -> tuple[str, Counter[tuple[str, str]]]:
    """The refusal's text and the refused resume's calls per (node, command)."""
    from orchestrator.errors import RefusedError

    calls = counting(connector)
    with pytest.raises(RefusedError) as refused:
        resume_run(
            run_id,
            state_dir=state_dir,
            argv=["resume", run_id],
            load_flow=lambda _name: register.WORKFLOW,
            connector=connector,
        )
    return str(refused.value), calls


def test_resume_is_refused_when_a_node_was_upgraded_to_23h2_while_parked(tmp_path: Path) -> None:
    """The guard's reads through the entry node see node3's new OS: refused before anything
    changes, naming the node and its release."""
    connector, _killed, run_id = killed_after_two_nodes(tmp_path)
    world = connector.world
    assert isinstance(world, LabWorld)
    _upgraded_in_place(world, "node3")

    message, calls = _refused_resume(connector, tmp_path, run_id)

    # a cluster half-way through the upgrade: its nodes run different releases
    assert "refused: register: the cluster's nodes run different releases" in message
    assert "node3: Azure Local 23H2 (build 25398" in message
    # the guard's two calls on the entry node, then only the registry key of each node, to
    # name its release in the refusal: no node read directly, nothing changed
    key = f"Get-ItemProperty {CURRENT_VERSION_KEY}"
    assert calls == Counter(
        {
            ("node1", "Get-Cluster"): 1,
            ("node1", SESSIONS_OS_INFO.name): 1,
            **{(node, key): 1 for node in ("node1", "node2", "node3", "node4")},
        }
    )
    assert world.node("node1").open_sessions == 0


def test_without_the_entry_probe_the_guard_reads_every_node_directly(tmp_path: Path) -> None:
    """The entry node cannot open the second-hop sessions any more (its delegation was taken
    away while the run was parked): the probe reads no node, the guard reads each directly
    (one call a node, as before), still refuses an upgraded node, and the double-hop row
    still reports the denial."""
    connector, _killed, run_id = killed_after_two_nodes(tmp_path)
    world = connector.world
    assert isinstance(world, LabWorld)
    world.node("node1").delegation = None

    outcome, calls = resume_counted(connector, tmp_path, run_id)

    for node in ("node1", "node2", "node3", "node4"):
        assert calls[(node, "Get-CimInstance CIM_OperatingSystem")] == 1, node
    assert calls[("node1", SESSIONS_OS_INFO.name)] == 1  # the guard's probe, handed to the rows
    rows = {r.node: r for r in outcome.precheck_results if r.check == "double-hop"}
    assert rows["node3"].status is Status.FAIL
    assert rows["node3"].observed == "node1 -> node3.contoso.local: AccessDenied"
    assert outcome.exit_code is not ExitCode.OK

    connector, _killed, run_id = killed_after_two_nodes(tmp_path / "again")
    world = connector.world
    assert isinstance(world, LabWorld)
    world.node("node1").delegation = None
    _upgraded_in_place(world, "node4")

    message, calls = _refused_resume(connector, tmp_path / "again", run_id)

    assert "node4: Azure Local 23H2 (build 25398" in message
    assert calls[("node4", "Get-CimInstance CIM_OperatingSystem")] == 1


def test_a_node_rebooted_while_the_run_was_parked_is_checked_again_on_resume(
    tmp_path: Path,
) -> None:
    """The guard's facts (build, last boot) are journaled with the run; a node whose pre-checks
    passed before the crash is trusted on resume only if the guard sees the same now."""
    connector, _killed, run_id = killed_after_two_nodes(tmp_path)
    world = connector.world
    assert isinstance(world, LabWorld)
    node2 = world.node("node2")
    assert node2.last_boot is not None
    node2.last_boot += timedelta(hours=2)  # rebooted (an update) while the run was parked

    outcome, resumed = resume(connector, tmp_path, run_id)

    assert outcome.exit_code is ExitCode.OK
    assert resumed["node2"] > 1  # its pre-checks again, not only the guard's read
    assert resumed["node3"] == resumed["node2"]  # the same as a node never checked


@attrs.frozen
class Counted:
    """A pre-check that counts its evaluations per node; `after` makes node2's evaluation wait
    until the crash happened (so the order is fixed without timing)."""

    name: str
    evaluations: Counter[tuple[str, str]]
    after: threading.Event | None = None

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        if self.after is not None and ctx.node == "node2":
            assert self.after.wait(timeout=10)
        self.evaluations[(ctx.node, self.name)] += 1
        return CheckResult(ctx.node, self.name, Status.PASS, "fine")


def test_a_crash_in_the_middle_of_a_nodes_checks_redoes_only_the_checks_not_journaled(
    tmp_path: Path,
) -> None:
    evaluations: Counter[tuple[str, str]] = Counter()
    crashed = threading.Event()
    store = Store()
    flow = Workflow(
        "c",
        1,
        "cluster flow",
        prechecks=(
            Counted("a", evaluations),
            Counted("b", evaluations),
            Counted("c", evaluations, after=crashed),
        ),
        steps=(StepSpec(SetValue(store, "x")),),
        scope="cluster",
    )
    inventory, connector = lab()

    def crash(record: dict[str, object]) -> None:
        if record["type"] == "node_precheck" and (record["node"], record["check"]) == (
            "node2",
            "b",
        ):
            crashed.set()
            raise Crash

    with pytest.raises((Crash, JournalClosed)):
        start_run(
            flow,
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=1),
            state_dir=tmp_path,
            argv=["c"],
            connector=connector,
            after_record=crash,
        )
    assert evaluations[("node2", "c")] == 1  # evaluated, but its record came after the crash
    assert evaluations[("node3", "a")] == 0
    evaluations.clear()
    (run_id,) = [p.name for p in (tmp_path / "runs").iterdir()]

    outcome = resume_run(
        run_id,
        state_dir=tmp_path,
        argv=["resume"],
        load_flow=lambda _name: flow,
        connector=connector,
    )

    assert outcome.exit_code is ExitCode.OK
    assert {key for key, count in evaluations.items() if count} == {
        ("node2", "c"),
        *((node, check) for node in ("node3", "node4") for check in "abc"),
    }
    assert store.applies[("node1", "x")] == 1
    assert {r.check for r in outcome.precheck_results if r.node == "node2"} == {"a", "b", "c"}


def test_an_appended_record_is_in_the_file_before_its_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that dies (kill, SIGKILL) leaves every record it appended in the file, even
    while the journal's fsync is still under way: a record waiting for the writer thread was
    lost with the process, and the resume redid what it recorded."""
    from orchestrator.engine.journal import Journal, read_records

    path = tmp_path / "journal.jsonl"
    disk = HeldFsync(monkeypatch)
    journal = Journal(path)
    journal.append("node_precheck", node="node1", check="a")
    assert disk.entered.wait(timeout=10)
    journal.append("node_precheck", node="node1", check="b")  # while the fsync is held

    in_file = [r["check"] for r in read_records(path)]
    disk.release.set()
    journal.close()

    assert in_file == ["a", "b"]


@pytest.mark.parametrize("name", FLOWS)
def test_a_release_guard_reads_through_the_entry_node_exactly_when_its_flow_probes_the_double_hop(
    name: str,
) -> None:
    """The guard opens the entry node's second-hop sessions only for a flow whose pre-checks
    open them anyway (register, repair); any other flow's guard reads each node directly."""
    flow = load_workflow(name)
    probes = any(isinstance(check, DoubleHopCheck) for check in flow.prechecks)
    for guard in flow.guards:
        if isinstance(guard, ReleaseGuard):
            assert guard.through_entry_node == probes, name


def test_a_last_boot_read_through_another_time_zone_is_the_same_boot() -> None:
    """A DateTime crosses remoting as text with the serialising machine's offset: the same boot
    read directly (node's zone) and through the entry node (another zone) is the same instant,
    so a resume does not check the node again for it; another instant still differs."""
    from orchestrator.checks.os_release import _Read
    from orchestrator.facts.os_release import OsRelease

    def seen(boot: str) -> dict[str, object]:
        return _Read({"BuildNumber": "20349", "LastBootUpTime": boot}, OsRelease(20349)).seen()

    assert seen("2026-01-05T10:00:00.1234567+01:00") == seen("2026-01-05T09:00:00.1234567+00:00")
    assert seen("2026-01-05T10:00:01+01:00") != seen("2026-01-05T09:00:00+00:00")
    assert seen("not a date")["last_boot"] == "not a date"
