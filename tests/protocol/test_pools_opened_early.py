"""Over the wire a new run (or plan) opens every targeted node's runspace pool while its guard
runs on the entry node (Connector.open_early -> PsrpTransport.open_early, --parallel at a time),
instead of after it: each node's first command waits for its own pool only. What stays as it
was, counted: which pools open, that every one is closed (refusal and interrupt included), how
often an unreachable node is tried and what its reachability check says (docs/psrp.md "Pools
opened during the guard")."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from orchestrator.engine.api import start_run
from orchestrator.engine.runner import RunSettings
from orchestrator.lab.emulator.faults import Hang
from orchestrator.transport import psrp
from orchestrator.transport.base import Command
from orchestrator.transport.factory import connect
from tests.protocol.conftest import SHORT_READ
from tests.protocol.wire_lab import WireLab, doc_errors, doc_states
from workflows import load_workflow

Make = Callable[..., WireLab]
GUARD_FIRST = "Get-Cluster"  # the register guard's first call on the entry node (entry_probe)


def _attempts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Pool openings tried per node (the client side: an unreachable node accepts nothing)."""
    tried: Counter[str] = Counter()
    original = psrp.PsrpSession._open_pool

    def counting(session: psrp.PsrpSession) -> Any:
        if session._pool is None:
            tried[session.node] += 1
        return original(session)

    monkeypatch.setattr(psrp.PsrpSession, "_open_pool", counting)
    return tried


def _all_closed(lab: WireLab) -> None:
    for endpoint in lab.wsman.endpoints.values():
        actions = endpoint.actions
        assert actions.count("Create") == actions.count("Delete"), f"{endpoint.name}: left open"


def test_the_other_nodes_pools_open_while_the_guard_runs_on_the_entry_node(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab(None, nodes=3, **SHORT_READ)
    held = Hang()  # the guard's first call waits until node2's and node3's pools are open
    lab.fault("node1", held, cmdlet=GUARD_FIRST)
    events: list[tuple[str, str]] = []
    lock = threading.Lock()
    original = psrp.PsrpSession._open_pool

    def opening(session: psrp.PsrpSession) -> Any:
        pool = original(session)
        with lock:
            if ("pool", session.node) not in events:
                events.append(("pool", session.node))
            if {("pool", "node2"), ("pool", "node3")} <= set(events):
                held.release()
        return pool

    def on_command(node: str, command: Command) -> None:
        with lock:
            events.append((node, command.name))

    monkeypatch.setattr(psrp.PsrpSession, "_open_pool", opening)
    lab.wsman.on_command = on_command

    result, doc = lab.run_cli("register", "--yes")

    assert result.code == 0, result.err
    assert set(doc_states(doc).values()) == {"done"}
    guard_first = events.index(("node1", GUARD_FIRST))
    guard_second = next(
        i for i, (node, _) in enumerate(events) if i > guard_first and node == "node1"
    )
    # Opened while the guard's first call was held, before its next call; before, they opened
    # only after the guard (the held call then timed out and node1 needed a fresh pool).
    assert events.index(("pool", "node2")) < guard_second
    assert events.index(("pool", "node3")) < guard_second
    first_other = min(i for i, (node, _name) in enumerate(events) if node in ("node2", "node3"))
    assert guard_second < first_other  # the nodes' own commands still come after the guard
    assert [name for node, name in events if node == "node1"].count(GUARD_FIRST) == 1
    # one pool per node as before (node1: the run's and the Azure checks' aside), all closed
    assert lab.wsman.pools_opened == {"node1": 2, "node2": 1, "node3": 1}
    _all_closed(lab)


@pytest.mark.parametrize("verb", [("register", "--yes"), ("register", "--dry-run")])
def test_a_run_or_plan_opens_the_same_pools_as_before_and_closes_them(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch, verb: tuple[str, ...]
) -> None:
    lab = wire_lab(None, nodes=4)
    tried = _attempts(monkeypatch)

    result, _doc = lab.run_cli(*verb)

    assert result.code == 0, result.err
    assert tried == {"node1": 2, "node2": 1, "node3": 1, "node4": 1}
    assert lab.wsman.pools_opened == {"node1": 2, "node2": 1, "node3": 1, "node4": 1}
    _all_closed(lab)


def test_limit_opens_only_the_targeted_nodes(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab("A1", nodes=3)
    tried = _attempts(monkeypatch)

    result, _doc = lab.run_cli("prepare", "--dry-run", "--limit", "node2")

    assert result.code == 0, result.err
    assert tried == {"node2": 1}
    assert lab.wsman.pools_opened == {"node1": 0, "node2": 1, "node3": 0}
    _all_closed(lab)


def test_a_run_refused_before_its_guard_opens_nothing(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab(None, nodes=3)
    tried = _attempts(monkeypatch)
    monkeypatch.delenv("ORCHESTRATE_YES", raising=False)

    result = lab.cli("--state-dir", str(lab.state_dir), "register", "-i", str(lab.inventory_path))

    assert result.code != 0  # no --yes, no terminal: no consent
    assert "nothing was changed" in (result.err + result.out).lower()
    assert not tried
    assert set(lab.wsman.pools_opened.values()) == {0}


def test_pools_opened_early_are_closed_when_the_guard_refuses(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab(None, nodes=3)
    lab.world.node("node3").os_build = "20350"  # 23H2 beside 22H2 nodes: register refuses
    tried = _attempts(monkeypatch)

    result = lab.cli(
        "--state-dir", str(lab.state_dir), "register", "-i", str(lab.inventory_path), "--yes"
    )

    assert result.code == 5, result.err
    assert "different releases" in result.err
    assert set(tried) <= {"node1", "node2", "node3"}
    _all_closed(lab)
    assert not any(lab.world.node(n).mutations.get("register") for n in ("node1", "node2"))


def test_pools_opened_early_are_closed_when_the_run_is_interrupted_in_its_guard(
    wire_lab: Make,
) -> None:
    lab = wire_lab(None, nodes=3)
    workflow = load_workflow("register")

    @attrs.frozen
    class Interrupted:
        name: str = "interrupted"

        def enforce(self, connector: Any, nodes: Any, parallel: int) -> dict[str, object]:
            connector.transport.open("node1")  # the guard reached the entry node, then Ctrl-C
            raise KeyboardInterrupt

    inventory = lab.inventory
    connector = connect(inventory)
    with pytest.raises(KeyboardInterrupt):
        start_run(
            attrs.evolve(workflow, guards=(Interrupted(),)),
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=4, sleep=lab.slept.append),
            state_dir=lab.state_dir,
            argv=["register"],
            connector=connector,
        )
    _all_closed(lab)
    assert lab.wsman.pools_opened["node1"] >= 1
    assert not lab.state_dir.exists() or not any(lab.state_dir.rglob("*.jsonl"))


@pytest.mark.parametrize("verb", [("prepare", "--yes"), ("prepare", "--dry-run")])
def test_an_unreachable_node_is_tried_once_and_reported_by_its_reachability_check(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch, verb: tuple[str, ...]
) -> None:
    lab = wire_lab("A2")  # node2 refuses connections
    tried = _attempts(monkeypatch)

    result, doc = lab.run_cli(*verb)

    # the early opening's failure is the one the check reports: no second attempt
    assert tried["node2"] == 1
    assert lab.wsman.pools_opened["node2"] == 0
    if verb[1] == "--yes":  # as test_prepare_a2_unreachable_node_fails_alone has it
        assert result.code == 4
        assert doc_states(doc) == {"node1": "done", "node2": "failed"}
        assert "Connection refused" in doc_errors(doc)["node2"]
    else:
        node2 = next(n for n in doc["nodes"] if n["node"] == "node2")
        reach = next(r for r in node2["prechecks"] if r["check"] == "reachability")
        assert reach["status"] == "fail"
        assert "Connection refused" in reach["observed"]
    _all_closed(lab)


def test_register_tries_an_unreachable_node_as_often_as_before(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab("A2")
    tried = _attempts(monkeypatch)

    result, _doc = lab.run_cli("register", "--yes")

    assert result.code != 0
    # the guard's direct read (the entry node's probe cannot reach it) takes the early
    # opening's failure; the reachability check tries once itself: two, as before
    assert tried["node2"] == 2
    assert "Connection refused" in result.out
    _all_closed(lab)


def test_close_waits_for_the_opening_under_way_and_drops_the_others(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = wire_lab(None, nodes=4)
    transport = psrp.PsrpTransport(lab.inventory)
    started, gate = threading.Event(), threading.Event()
    original_open, original_close = psrp.PsrpSession._open_pool, psrp.PsrpTransport.close

    def gated(session: psrp.PsrpSession) -> Any:
        if threading.current_thread().name.startswith("pool-open"):
            started.set()
            assert gate.wait(30), "close never came"  # a condition, not a pause
        return original_open(session)

    def closing(self: psrp.PsrpTransport) -> None:
        gate.set()  # the opening under way goes on as close starts (Ctrl-C in the guard)
        original_close(self)

    monkeypatch.setattr(psrp.PsrpSession, "_open_pool", gated)
    monkeypatch.setattr(psrp.PsrpTransport, "close", closing)

    transport.open_early(["node1", "node2", "node3", "node4"], 1)  # one at a time
    assert started.wait(30)
    transport.close()

    # the one under way was waited for and closed; the queued ones never opened; no opener
    # is left to open one after close
    assert not [t for t in threading.enumerate() if t.name.startswith("pool-open")]
    assert lab.wsman.pools_opened == {"node1": 1, "node2": 0, "node3": 0, "node4": 0}
    _all_closed(lab)
    transport.open("node4")  # the transport still opens afresh, and closes again
    transport.close()
    assert lab.wsman.pools_opened["node4"] == 1
    _all_closed(lab)


def test_in_process_the_lab_opens_nothing_early(tmp_path: Any) -> None:
    """The in-process lab's sessions cost nothing to open: its runs call and order exactly as
    before (tests/engine/test_critical_path.py, bench/critical_path.py)."""
    from tests.engine.test_critical_path import lab_of

    _inventory, connector = lab_of(4, tmp_path)

    connector.open_early(["node1", "node2", "node3", "node4"], 4)

    assert connector.transport.sessions_opened == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("failing", ["for_run", "run_started"])
def test_pools_are_closed_when_the_journal_cannot_be_started(
    wire_lab: Make, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The guards passed and every pool is open, then the run's journal cannot be created or
    its first record written (a full disk, a read-only state directory): the engine that
    closes the pools never starts, so the run closes them itself."""
    from orchestrator.engine import journal as journal_module

    lab = wire_lab(None, nodes=3)
    if failing == "for_run":

        def no_journal(*_args: Any, **_kwargs: Any) -> Any:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(journal_module.Journal, "for_run", classmethod(no_journal))
    else:
        original = journal_module.Journal.write

        def no_first_record(self: Any, kind: str, **fields: Any) -> Any:
            if kind == "run_started":
                raise OSError(28, "No space left on device")
            return original(self, kind, **fields)

        monkeypatch.setattr(journal_module.Journal, "write", no_first_record)
    inventory = lab.inventory

    with pytest.raises(OSError, match="No space left"):
        start_run(
            load_workflow("register"),
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=4, sleep=lab.slept.append),
            state_dir=lab.state_dir,
            argv=["register"],
            connector=connect(inventory),
        )
    assert lab.wsman.pools_opened["node1"] >= 1
    _all_closed(lab)
