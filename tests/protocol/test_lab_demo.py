"""`orchestrate lab demo`: the README's main job, every flow over real WinRM/PSRP and ARM/Graph."""

from __future__ import annotations

import pytest


def _rows(out: str) -> dict[str, str]:
    """Numbered beat -> its whole row, the folded lines of each row joined."""
    rows: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells[0]:
            current = cells[0]
        rows[current] = " ".join(filter(None, [rows.get(current, ""), *cells[1:]]))
    return rows


@pytest.mark.slow
def test_demo_tells_the_whole_story_in_one_screen_over_the_wire(orchestrate, tmp_path, monkeypatch):
    """Issue 15.17: a fault found and fixed, a plan, a run parked then resumed, registration
    verified on every node, a refusal by a guard; each verb's exit as the story expects."""
    monkeypatch.setenv("COLUMNS", "160")
    result = orchestrate("--state-dir", str(tmp_path), "lab", "demo", "--nodes", "3")
    assert result.code == 0, result.out + result.err
    rows = _rows(result.out)
    assert rows["1"].startswith("orchestrate precheck 1 failed fault found: node2/service:hcisvc")
    assert "fix: Start it on node2" in rows["1"]
    assert "fixed: node2 start_hcisvc: Stopped -> Running" in rows["2"]
    assert "orchestrate register --dry-run 0 ok plan: node1 registration ->" in rows["3"]
    assert "nothing changed yet" in rows["3"]
    assert "5 refused parked for an operator: needs admin consent for application" in rows["4"]
    assert "consent granted to application" in result.out
    assert "finished where it stopped: changed registration" in rows["5"]
    assert "not repeated: machine_proxy, resource_providers" in rows["5"]
    # every node named with what status found; nodes in the same state share a line
    assert "node1, node2, node3: Registered, Connected; Arc Enabled" in rows["6"]
    assert "5 refused refused by the guard: azure.subscription_id: recorded" in rows["7"]
    assert "nothing changed: the cluster is still registered" in rows["7"]
    assert "each command exited as the story expects" in result.out
    # one screen: the table and its closing line, however many flows ran
    assert len(result.out.splitlines()) <= 40
    assert "127.0.0.1:" in result.err  # the endpoints it served
    # journals of prepare, register (parked, then resumed) and the refused unregister
    assert len(list((tmp_path / "runs").iterdir())) == 3


@pytest.mark.slow
def test_demo_from_a_fault_shows_detection_and_the_fix(orchestrate, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    result = orchestrate(
        "--state-dir", str(tmp_path), "lab", "demo", "--nodes", "3", "--scenario", "a1"
    )
    # precheck found the fault (its row exits 1, as `orchestrate precheck` would); prepare fixed
    # it; register ran: the story ended well, so the demo exits 0
    assert result.code == 0, result.out + result.err
    text = " ".join(result.out.split())
    assert "precheck │ 1 failed │ node2/service:hcisvc: Stopped" in text
    assert "changed node2: start_hcisvc" in text
    assert "changed node1: registration" in text


def test_unknown_scenario_is_a_usage_error(orchestrate):
    result = orchestrate("lab", "demo", "--scenario", "Z9")
    assert result.code == 2
    assert "'Z9' is not a scenario" in result.err
