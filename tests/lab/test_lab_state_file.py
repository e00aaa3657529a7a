"""The lab kept in a file (ORCHESTRATE_LAB_STATE) at the cost of what changed (issue 16.6): a
command that changes nothing rewrites nothing; after every command the file holds the world
exactly (what a crash of the controller right then leaves behind)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.lab import snapshot
from orchestrator.lab.handlers import READS_ONLY
from orchestrator.lab.scenarios import registered
from orchestrator.lab.snapshot import UncountedChange, load_world, save_world, world_to_json
from orchestrator.lab.snapshot_transport import SnapshottingLabTransport
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, NodeSession
from tests.lab.helpers import make_world


def _kept(tmp_path: Path, nodes: int = 3) -> tuple[LabWorld, Path, SnapshottingLabTransport]:
    world = make_world(nodes=nodes)
    path = tmp_path / "lab.json"
    save_world(world, path)  # as connect() does for a new file
    return world, path, SnapshottingLabTransport(world, path)


def _same(path: Path, world: LabWorld) -> bool:
    return world_to_json(load_world(path)) == world_to_json(world)


# arc-onboard's secret config file on a node (orchestrator/steps/arc_agent.py CONFIG_PREFIX)
CONFIG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Config\\orchestrate-azcmagent-1.json"


def _node1_removes_config(
    transport: SnapshottingLabTransport, around: Callable[[NodeSession, str], None]
) -> None:
    """node1 writes CONFIG, then removes it; `around(node2's session, moment)` runs at each
    moment of node1's Remove-Item (the lab transport's hook: "before", "after")."""

    def hook(node: str, command: Command, moment: str) -> None:
        if (node, command.name) == ("node1", "Remove-Item"):
            around(node2, moment)

    transport.hook = hook
    node1, node2 = transport.open("node1"), transport.open("node2")
    node1.run(Command.secret_cmdlet("Set-Content", Path=CONFIG, Value="{}"))

    assert not node1.run(Command.cmdlet("Remove-Item", Path=CONFIG)).failed


def test_a_read_rewrites_nothing_and_a_change_is_on_disk_when_the_command_returns(
    tmp_path: Path,
) -> None:
    world, path, transport = _kept(tmp_path)
    session = transport.open("node2")
    before = path.stat().st_ino

    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
    session.run(Command.cmdlet("Get-ItemProperty", Path="HKLM:\\nothing", Name="x"))

    assert path.stat().st_ino == before  # not rewritten (every write is a new file, renamed)
    assert transport.saves == 0

    session.run(Command.cmdlet("Set-Content", Path="C:\\marker.txt", Value="x"))

    assert transport.saves == 1
    assert path.stat().st_ino != before
    assert _same(path, world)
    assert "C:\\marker.txt" in load_world(path).node("node2").files


def test_a_change_to_another_node_since_the_last_save_is_in_the_file_after_the_next_command(
    tmp_path: Path,
) -> None:
    world, path, transport = _kept(tmp_path)
    world.clock.advance(3600)  # time moved: the next command settles every node

    with world.lock:
        world.node("node3").services["hcisvc"].running = False  # as a rule of time would
    transport.open("node1").run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert _same(path, world)
    assert not load_world(path).node("node3").services["hcisvc"].running


def test_a_replaced_node_table_falls_back_to_saving_everything(tmp_path: Path) -> None:
    world, path, transport = _kept(tmp_path)
    world.nodes = dict(world.nodes)  # not the noting table any more
    world.node("node3").services["hcisvc"].running = False

    transport.open("node1").run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert _same(path, world)


def test_a_move_of_the_worlds_random_generator_alone_is_saved(tmp_path: Path) -> None:
    world, path, transport = _kept(tmp_path)
    with world.lock:
        world.new_guid()  # the generator moved; no node did

    transport.open("node1").run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert transport.saves == 1
    assert load_world(path).new_guid() == world.new_guid()  # goes on with the same IDs


def test_the_counting_generator_draws_what_random_random_draws() -> None:
    import random

    from orchestrator.lab.world import CountingRandom

    plain, counting = random.Random(7), CountingRandom(7)
    draws = [
        lambda r: r.random(),
        lambda r: r.getrandbits(128),
        lambda r: r.randint(1, 10**6),
        lambda r: r.choice("abcdef"),
        lambda r: r.sample(range(1000), 5),
        lambda r: r.uniform(1, 2),
    ]

    assert [d(plain) for d in draws] == [d(counting) for d in draws]
    assert counting.moves > len(draws)  # seeding, and every draw


def test_a_change_is_in_the_file_when_another_sessions_command_saved_while_it_was_under_way(
    tmp_path: Path,
) -> None:
    # A node's session looks its node up when its command starts and changes it under the
    # world's lock later; a save by another node's session in between (threads of one run)
    # used to take the node off the list of nodes to compare, so the change never reached the
    # file: arc-onboard's Remove-Item of the secret config file was "left behind" on node1 in
    # the state file (tests/scenarios/test_arc_onboard.py D3, 58 of 100 runs) though the node
    # had removed it.
    world, path, transport = _kept(tmp_path)

    def another_node_reads_meanwhile(node2: NodeSession, moment: str) -> None:
        if moment == "before":
            node2.run(Command.cmdlet("Get-Service", Name="hcisvc"))

    _node1_removes_config(transport, another_node_reads_meanwhile)

    assert CONFIG not in world.node("node1").files
    assert CONFIG not in load_world(path).node("node1").files
    assert _same(path, world)


def _node_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a lab node is compared with another (the snapshot's change test)."""
    seen = [0]
    equal = LabNode.__eq__

    def counting(self: LabNode, other: object) -> bool:
        seen[0] += 1
        return bool(equal(self, other))

    monkeypatch.setattr(LabNode, "__eq__", counting)
    return seen


def test_reads_cost_no_comparison_and_no_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 16.6: 256 nodes' pre-checks with the lab in a file cost 1.7-2.8x the in-memory lab,
    # each read comparing its node and the world-wide part with the file's copy (3.3
    # comparisons per command in bench/lab_state.py). A read now compares nothing.
    world, path, transport = _kept(tmp_path)
    session = transport.open("node2")
    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))  # a process's first command
    compared, saves = transport.snapshot.compares, transport.saves  # settles every node
    node_comparisons = _node_comparisons(monkeypatch)

    for command in (
        Command.cmdlet("Get-Service", Name="hcisvc"),
        Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem"),
        Command.cmdlet("Get-Date", Format="o"),
        Command.tool("azcmagent", "show", "-j"),
        Command.tool("w32tm", "/query", "/status"),
    ):
        assert not session.run(command).failed, command.name

    assert node_comparisons[0] == 0
    assert transport.snapshot.compares == compared
    assert transport.saves == saves
    assert _same(path, world)


def test_reads_on_a_registered_cluster_compare_nothing(tmp_path: Path) -> None:
    # A registered cluster settles every node on every command (background sync, Arc
    # projection); that settle used to note every node for comparison: each read compared the
    # whole world (67 comparisons per read on 64 nodes). Only a rule that fires is counted now.
    world = make_world(nodes=8)
    registered(world)
    path = tmp_path / "lab.json"
    save_world(world, path)
    transport = SnapshottingLabTransport(world, path)
    sessions = [transport.open(f"node{i}") for i in range(1, 9)]
    sessions[0].run(Command.cmdlet("Get-Service", Name="hcisvc"))
    compared, saves = transport.snapshot.compares, transport.saves

    for session in sessions:
        session.run(Command.cmdlet("Get-AzureStackHCI"))

    assert transport.snapshot.compares == compared
    assert transport.saves == saves
    assert _same(path, world)


def test_a_change_after_reads_compares_what_the_reads_reached_and_writes_once(
    tmp_path: Path,
) -> None:
    world, path, transport = _kept(tmp_path)
    session = transport.open("node2")
    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
    compared = transport.snapshot.compares

    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
    # not declared a read (though it changes nothing in the lab: folders exist when named)
    session.run(Command.cmdlet("New-Item", ItemType="Directory", Path="C:\\Temp"))

    assert transport.snapshot.compares == compared + 2  # node2 and the world-wide part
    session.run(Command.tool("w32tm", "/resync", "/force"))  # a change
    assert transport.saves == 1
    assert _same(path, world)
    assert load_world(path).node("node2").mutations["w32tm:resync"] == 1


def test_a_rule_of_time_that_fires_during_a_read_is_in_the_file(tmp_path: Path) -> None:
    # A read holds the world's lock without counting a change; what its settle changes (here
    # node2's Arc projection delay running out, due now) counts itself, so it reaches the file.
    world, path, transport = _kept(tmp_path)
    node1, node2 = transport.open("node1"), transport.open("node2")
    node1.run(Command.cmdlet("Get-Service", Name="hcisvc"))  # time stands; all settled
    with world.lock:
        world.node("node2").arc_pending_until = world.now()  # due now, not settled yet
    node1.run(Command.cmdlet("Set-Content", Path="C:\\a.txt", Value="x"))  # settles node1 only
    assert load_world(path).node("node2").arc_pending_until == world.now()

    node2.run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert world.node("node2").arc_pending_until is None  # the read's settle cleared it
    assert load_world(path).node("node2").arc_pending_until is None
    assert _same(path, world)


def test_a_change_is_in_the_file_when_another_sessions_save_compared_after_it(
    tmp_path: Path,
) -> None:
    # node1's command changes node1 under the lock; before node1's own save, node2's save
    # compares (the change count moved) without node1 on its list: node2's earlier change,
    # while node1's command was starting, had taken it off. node1's save then saw the count it
    # had compared at and would skip: the change counted during node1's command makes it
    # compare node1 anyway.
    world, path, transport = _kept(tmp_path)

    def node2_meanwhile(node2: NodeSession, moment: str) -> None:
        if moment == "before":
            node2.run(Command.cmdlet("Set-Content", Path="C:\\other.txt", Value="x"))
        else:
            node2.run(Command.cmdlet("Get-Service", Name="hcisvc"))

    _node1_removes_config(transport, node2_meanwhile)

    assert CONFIG not in load_world(path).node("node1").files
    assert _same(path, world)


def test_the_state_check_fails_a_read_only_command_that_changed_the_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ORCHESTRATE_LAB_STATE_CHECK (on for the scenario tests): a handler declared read-only
    # that changes the world anyway is caught at its command, not as a file that lags behind.
    monkeypatch.setitem(READS_ONLY, "set-content", lambda _command: True)  # a wrong promise
    outcomes = []
    for check in (False, True):
        (tmp_path / str(check)).mkdir()
        _world, path, transport = _kept(tmp_path / str(check))
        transport.snapshot.check = check
        session = transport.open("node1")
        session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
        try:
            session.run(Command.cmdlet("Set-Content", Path="C:\\a.txt", Value="x"))
        except UncountedChange as slip:
            outcomes.append(str(slip))
        else:
            outcomes.append("C:\\a.txt" in load_world(path).node("node1").files)

    assert outcomes[0] is False  # unchecked: the file lags behind the world, silently
    assert "the world changed (node1) while its lock counted no change" in str(outcomes[1])


def test_the_worlds_lock_counts_a_change_for_every_holder_but_a_reader() -> None:
    world = make_world(nodes=1)
    before = world.lock.changes

    with world.lock.reading(), world.lock:  # e.g. settle() inside a read-only command
        pass
    assert world.lock.changes == before
    with world.lock, world.lock:
        pass
    assert world.lock.changes == before + 2
    with world.lock.reading():
        world.changed()  # a rule of time that fired during the read
    assert world.lock.changes == before + 3


def test_the_scenario_tests_check_the_state_file() -> None:
    conftest = Path(__file__).parents[1] / "scenarios" / "conftest.py"
    assert "STATE_CHECK_ENV" in conftest.read_text(encoding="utf-8")


def test_other_nodes_commands_go_on_while_a_change_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write and its fsync (4-98 ms for 340 KB at load 18) used to happen under the world's
    # lock: every node's command waited for it. Now only the comparison holds the lock; a
    # command that ran meanwhile still returns only once that write is on disk.
    world, path, transport = _kept(tmp_path)
    ran_on_node2 = threading.Event()

    def note_node2(node: str, command: Command, moment: str) -> None:
        if (node, moment) == ("node2", "after"):
            ran_on_node2.set()

    transport.hook = note_node2
    node1, node2 = transport.open("node1"), transport.open("node2")
    write = snapshot.save_world_text
    reader = threading.Thread(target=lambda: node2.run(Command.cmdlet("Get-Service", Name="x")))
    during_the_write: list[bool] = []

    def writing(text: str, target: Path) -> None:
        reader.start()
        during_the_write.append(ran_on_node2.wait(timeout=30))  # a deadlock guard: at once
        write(text, target)

    monkeypatch.setattr(snapshot, "save_world_text", writing)
    node1.run(Command.cmdlet("Set-Content", Path="C:\\a.txt", Value="x"))
    reader.join(timeout=30)

    assert during_the_write == [True]  # node2's command ran while node1's write was going on
    assert not reader.is_alive()
    assert _same(path, world)


def test_a_save_with_nothing_to_write_lets_other_commands_run_while_it_waits_for_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command that began before node1's change is counted must compare after it, finds
    # nothing of its own to write and waits for node1's write (it may have seen node1's change).
    # It used to wait holding the world's lock: every node's command stood still for the
    # write and its fsync (each pre-check bench run, 0.5-3 ms). Now node3 runs meanwhile.
    world, path, transport = _kept(tmp_path)
    keeper = transport.snapshot
    ran_on_node3 = threading.Event()

    def note_node3(node: str, command: Command, moment: str) -> None:
        if (node, moment) == ("node3", "after"):
            ran_on_node3.set()

    transport.hook = note_node3
    node1, node3 = transport.open("node1"), transport.open("node3")
    began = world.lock.changes  # node2's command starts before node1's change
    compared = threading.Event()
    compare = snapshot.SnapshotFile._compare

    def noting(self: snapshot.SnapshotFile, since: int | None, write: bool) -> object:
        found = compare(self, since, write)
        if threading.current_thread() is node2_save:
            compared.set()
        return found

    monkeypatch.setattr(snapshot.SnapshotFile, "_compare", noting)
    order: list[str] = []

    def node2_saves() -> None:
        order.append(f"node2 wrote {keeper.save(node='node2', since=began)}")

    node2_save = threading.Thread(target=node2_saves)
    reader = threading.Thread(target=lambda: node3.run(Command.cmdlet("Get-Service", Name="x")))
    write = snapshot.save_world_text
    during_the_write: list[bool] = []

    def writing(text: str, target: Path) -> None:
        node2_save.start()
        assert compared.wait(timeout=30)  # node2's save compared and waits for this write
        reader.start()
        during_the_write.append(ran_on_node3.wait(timeout=5))  # a deadlock guard
        write(text, target)
        order.append("node1's change written")

    monkeypatch.setattr(snapshot, "save_world_text", writing)
    node1.run(Command.cmdlet("Set-Content", Path="C:\\a.txt", Value="x"))
    node2_save.join(timeout=30)
    reader.join(timeout=30)

    assert during_the_write == [True]  # node3's command ran while node2's save waited
    assert order == ["node1's change written", "node2 wrote False"]  # returned after it
    assert _same(path, world)
    compares = keeper.compares
    node3.run(Command.cmdlet("Get-Service", Name="x"))
    assert (keeper.compares, keeper.saves) == (compares, 1)  # a later read compares nothing


def test_a_failed_write_is_written_again_by_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, path, transport = _kept(tmp_path)
    session = transport.open("node1")
    write = snapshot.save_world_text

    def disk_full(text: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot, "save_world_text", disk_full)
    with pytest.raises(OSError, match="No space left"):
        session.run(Command.cmdlet("Set-Content", Path="C:\\a.txt", Value="x"))
    monkeypatch.setattr(snapshot, "save_world_text", write)
    session.run(Command.cmdlet("Get-Service", Name="hcisvc"))  # a read, after the failure

    assert "C:\\a.txt" in load_world(path).node("node1").files
    assert _same(path, world)
