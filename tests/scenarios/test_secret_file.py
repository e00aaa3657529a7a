"""Issue 17 defect 3: the service principal's secret never outlives its step on a node.

The azcmagent config file is written inside the guard that removes it, and the flows that
write one sweep every leftover of ours (`orchestrate-azcmagent-*.json`) at the start and the
end of each node's work in every run and resume, reporting a sweep that removed something."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.api import resume_run
from orchestrator.engine.journal import read_records
from orchestrator.errors import TransientTransportError
from orchestrator.lab.transport import LabSession
from orchestrator.steps.arc_agent import CONFIG_PREFIX
from orchestrator.transport.base import Command, CommandResult
from tests.scenarios.support import ScenarioLab
from tests.scenarios.test_arc_onboard import _in_process, connect_args
from workflows import load_workflow
from workflows.arc_onboard import WORKFLOW

Make = Callable[..., ScenarioLab]


class Killed(BaseException):
    """The controller dies (not an Exception: no step or retry loop catches it)."""


def strike_after(monkeypatch: pytest.MonkeyPatch, cmdlet: str, error: BaseException) -> None:
    """The first `cmdlet` on node1 runs on the node, then its answer never arrives."""
    original = LabSession.run
    struck: list[bool] = []

    def run(self: LabSession, command: Command) -> CommandResult:
        if struck and isinstance(error, Killed):
            raise error  # a dead controller sends nothing more (no `finally` reaches the node)
        result = original(self, command)
        if command.name == cmdlet and self.node == "node1" and not struck:
            struck.append(True)
            raise error
        return result

    monkeypatch.setattr(LabSession, "run", run)


def leftovers(world: Any) -> dict[str, list[str]]:
    return {
        n.name: [p for p in n.files if CONFIG_PREFIX in p]
        for n in world.ordered_nodes()
        if any(CONFIG_PREFIX in p for p in n.files)
    }


def journal(state_dir: Path) -> list[dict[str, Any]]:
    return [r for path in state_dir.rglob("journal.jsonl") for r in read_records(path)]


def test_a_config_write_whose_answer_is_lost_is_still_removed_by_its_guard(
    scenario_lab: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = scenario_lab("D2", nodes=2)
    engine_lab, app_id = _in_process(lab, tmp_path)
    strike_after(monkeypatch, "Set-Content", TransientTransportError("node1", "connection reset"))
    outcome = engine_lab.run(WORKFLOW, service_principal_id=app_id)
    assert {r.name: r.state for r in outcome.nodes} == {"node1": "done", "node2": "done"}
    assert leftovers(engine_lab.world) == {}
    # removed by run_agent's own guard, not by the sweep at the end
    assert not [r for r in journal(engine_lab.state_dir) if r["type"] == "leftovers_removed"]


def test_a_kill_between_writing_the_secret_and_removing_it_is_swept_on_resume(
    scenario_lab: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = scenario_lab("D2", nodes=2)
    engine_lab, app_id = _in_process(lab, tmp_path)
    with monkeypatch.context() as patch:
        strike_after(patch, "Set-Content", Killed())
        with pytest.raises(Killed):
            engine_lab.run(WORKFLOW, service_principal_id=app_id)
    world = engine_lab.world
    left = leftovers(world)  # the secret, in clear, on node1 (node2 too if it got that far)
    assert len(left["node1"]) == 1
    (run_id,) = [p.name for p in (engine_lab.state_dir / "runs").iterdir()]
    outcome = resume_run(
        run_id,
        state_dir=engine_lab.state_dir,
        argv=["resume"],
        load_flow=load_workflow,
        connector=engine_lab.connector,
    )
    assert outcome.exit_code == 0
    assert leftovers(world) == {}
    swept = [r for r in journal(engine_lab.state_dir) if r["type"] == "leftovers_removed"]
    assert {r["node"]: r["removed"] for r in swept} == left
    assert {r["when"] for r in swept} == {"start"}
    assert world.node("node1").arc_agent.status == "Connected"
    assert world.node("node1").mutations["azcmagent:connect"] == 1


def test_a_leftover_secret_file_is_removed_and_reported_by_the_cli(scenario_lab: Make) -> None:
    lab = scenario_lab("D2", nodes=2)
    app_id, secret = lab.onboarding_secret()
    leftover = f"C:\\ProgramData\\AzureConnectedMachineAgent\\Config\\{CONFIG_PREFIX}0f.json"
    lab.edit(
        lambda world: world.append_file(
            world.node("node1"), leftover, '{"service-principal-secret": "x"}'
        )
    )
    result = lab.run("arc-onboard", *connect_args(app_id))
    assert result.code == 0, result.err
    assert "node1: removed 1 leftover file(s) of an interrupted run" in result.err
    assert "orchestrate-azcmagent-0f.json" in "".join(result.err.split())  # the name only
    assert secret not in result.err + result.out
    assert leftovers(lab.world()) == {}
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


def test_a_config_file_whose_removal_never_reached_the_node_is_swept_at_the_end(
    scenario_lab: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The end sweep skips its listing only on a session that removed, confirmed, every file
    it wrote (issue 16); here node1's first Remove-Item is lost before reaching the node."""
    lab = scenario_lab("D2", nodes=2)
    engine_lab, app_id = _in_process(lab, tmp_path)
    original = LabSession.run
    struck: list[str] = []
    listings: list[str] = []

    def run(self: LabSession, command: Command) -> CommandResult:
        if command.name == "Get-ChildItem" and CONFIG_PREFIX in str(command.param("Filter")):
            listings.append(self.node)  # the sweep's listing
        path = str(command.param("Path") or "")
        removing = command.name == "Remove-Item" and CONFIG_PREFIX in path
        if removing and self.node == "node1" and not struck:
            struck.append(path)
            raise TransientTransportError("node1", "connection reset")
        return original(self, command)

    monkeypatch.setattr(LabSession, "run", run)
    outcome = engine_lab.run(WORKFLOW, service_principal_id=app_id)

    assert {r.name: r.state for r in outcome.nodes} == {"node1": "done", "node2": "done"}
    assert leftovers(engine_lab.world) == {}
    swept = [r for r in journal(engine_lab.state_dir) if r["type"] == "leftovers_removed"]
    assert [(r["node"], r["when"], r["removed"]) for r in swept] == [("node1", "end", struck)]
    # node1 listed at the start and the end; node2, whose removal was confirmed, at the start
    assert sorted(listings) == ["node1", "node1", "node2"]
