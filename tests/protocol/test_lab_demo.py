"""`orchestrate lab demo`: the README's main job, every flow over real WinRM/PSRP and ARM/Graph."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_demo_registers_repairs_and_unregisters_a_healthy_lab_over_the_wire(orchestrate, tmp_path):
    result = orchestrate("--state-dir", str(tmp_path), "lab", "demo", "--nodes", "3")
    assert result.code == 0, result.out + result.err
    rows = {
        line.split("│")[1].strip(): line
        for line in result.out.splitlines()
        if line.startswith("│ ") and "│" in line[2:]
    }
    assert "all checks pass" in rows["precheck"]
    assert "changed node1: registration" in rows["register"]
    assert "nothing to change" in rows["repair"]
    assert "changed node1: unregister" in rows["unregister"]
    assert "127.0.0.1:" in result.err  # the endpoints it served
    assert len(list((tmp_path / "runs").iterdir())) == 3  # register, repair, unregister journals


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
