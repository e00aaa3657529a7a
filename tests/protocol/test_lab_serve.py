"""`orchestrate lab serve` as a user runs it: a real process, a real Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from orchestrator.checks.azure import PermissionsCheck, RegionAvailableCheck, ResourceProvidersCheck
from orchestrator.inventory.loader import parse_inventory
from orchestrator.transport.factory import connect
from tests.conftest import REPO, CliResult

# The `lab` group lives in orchestrator/cli/lab.py (another module's); this attaches the serve
# command the same way and runs it through the real entry point (its error handling included).
SERVE = """
import sys, click
from orchestrator.cli import cli, main
from orchestrator.cli.lab_serve import serve
if "lab" not in cli.commands:
    cli.add_command(click.Group("lab"))
cli.commands["lab"].add_command(serve)
main(["lab", "serve", *sys.argv[1:]])
"""


def _as_at_a_terminal() -> None:
    # A test runner started in the background (`cmd &`, nohup, some CI agents) ignores SIGINT,
    # and a child inherits that: the served lab would never see the test's Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SERVE, "--dir", str(tmp_path / "lab"), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_at_a_terminal,
    )


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Ctrl-C, as the operator stops it; killed if it does not stop (never left running)."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=PROCESS_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


# Bounds on a real process's start and stop, never what a test measures: generous, so that a
# loaded machine (a stop took more than 10 s at load 15) is no failure.
PROCESS_S = 120


def _wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + PROCESS_S
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"lab serve did not get ready: {out} {err}")
        time.sleep(0.05)


@pytest.mark.slow
def test_lab_serve_writes_a_ready_inventory_and_stops_on_ctrl_c(
    tmp_path: Path, orchestrate: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, "HCI_LAB_PASSWORD": "lab-only-pw"}
    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only-pw")
    process = _start(tmp_path, "--scenario", "A1", "--nodes", "3", env=env)
    inventory = tmp_path / "lab" / "inventory.yaml"
    try:
        _wait_for(inventory, process)
        text = inventory.read_text()
        assert "lab-only-pw" not in text
        assert "password_env: HCI_LAB_PASSWORD" in text

        azure_results = _azure_checks_over_https(tmp_path / "lab", inventory, monkeypatch)
        # as the operator does with the printed `export` line
        monkeypatch.setenv("HCI_LAB_ARM_TOKEN", (tmp_path / "lab" / "arm-token").read_text())
        result = orchestrate("precheck", "-i", str(inventory), "--output", "json")
    finally:
        out, err = _stop(process)

    assert result.code == 1  # A1: hcisvc stopped on the second node
    failed = [r for r in json.loads(result.out)["results"] if r["status"] == "fail"]
    # nodes over WinRM/PSRP and Azure over the ARM emulator: only A1's fault fails
    assert [(r["node"], r["check"]) for r in failed] == [("node2", "service:hcisvc")]
    assert process.returncode == 0
    assert "inventory:" in out
    assert "lab stopped" in err
    assert not inventory.exists()
    assert not (tmp_path / "lab" / "tls").exists()
    assert not (tmp_path / "lab" / "arm-token").exists()
    assert f'export HCI_LAB_ARM_TOKEN="$(cat {tmp_path / "lab" / "arm-token"})"' in out
    assert "azure: https://127.0.0.1:" in out
    assert azure_results == [
        ("azure-permissions", "pass"),
        ("resource-providers", "pass"),
        ("region", "pass"),
    ]


def _azure_checks_over_https(
    lab_dir: Path, inventory: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, str]]:
    """The served inventory's azure section reaches the ARM emulator with the served token."""
    token_file = lab_dir / "arm-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    token = token_file.read_text()
    text = inventory.read_text()
    assert token not in text
    data = yaml.safe_load(text)["azure"]
    assert data["credential"] == "token_env:HCI_LAB_ARM_TOKEN"
    assert data["arm_endpoint"] == data["graph_endpoint"]
    assert data["arm_endpoint"].startswith("https://127.0.0.1:")
    assert data["ca_bundle"] == str(lab_dir / "tls" / "lab-ca.pem")  # one CA for both emulators
    monkeypatch.setenv("HCI_LAB_ARM_TOKEN", token)
    connector = connect(parse_inventory(yaml.safe_load(text)))
    checks = (PermissionsCheck(), ResourceProvidersCheck(), RegionAvailableCheck())
    return [(r.check, r.status.value) for c in checks for r in c.evaluate(connector)]


def test_lab_serve_refuses_without_the_password_variable(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HCI_LAB_PASSWORD"}
    process = _start(tmp_path, env=env)
    _out, err = process.communicate(timeout=PROCESS_S)

    assert process.returncode == 2
    assert err.startswith("error: --password-env: environment variable HCI_LAB_PASSWORD is not set")
    assert "Traceback" not in err
    assert not (tmp_path / "lab" / "inventory.yaml").exists()


@pytest.mark.slow
def test_a_fault_armed_on_lab_serve_and_what_each_node_received_checked_with_lab_calls(
    tmp_path: Path, orchestrate: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: anyone can check from outside. `lab serve --fault` takes the in-process lab's
    fault names; `lab calls` shows the commands each node received and the counters."""
    env = {**os.environ, "HCI_LAB_PASSWORD": "lab-only-pw"}
    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only-pw")
    lab_dir = tmp_path / "lab"
    process = _start(
        tmp_path, "--nodes", "2", "--fault", "drop-after@node1:Register-AzStackHCI", env=env
    )
    inventory = lab_dir / "inventory.yaml"
    try:
        _wait_for(inventory, process)
        monkeypatch.setenv("HCI_LAB_ARM_TOKEN", (lab_dir / "arm-token").read_text())
        state = ("--state-dir", str(tmp_path / "state"))
        first = orchestrate(*state, "register", "-i", str(inventory), "--yes")
        (run_id,) = [p.name for p in (tmp_path / "state" / "runs").iterdir()]
        resumed = orchestrate(*state, "resume", run_id)
        seen = orchestrate("lab", "calls", "--dir", str(lab_dir), "--output", "json")
        table = orchestrate("lab", "calls", "--dir", str(lab_dir))
    finally:
        out, _err = _stop(process)

    assert "fault: drop-after@node1:Register-AzStackHCI*1" in out
    assert first.code == 5, first.err  # ran, its answer dropped: a person looks
    assert resumed.code == 0, resumed.err
    assert seen.code == 0, seen.err
    nodes = {n["node"]: n for n in json.loads(seen.out)["nodes"]}
    registers = [c for c in nodes["node1"]["commands"] if c.startswith("Register-AzStackHCI")]
    assert len(registers) == 1
    assert "-ArmAccessToken ***" in registers[0]  # secrets masked
    assert nodes["node1"]["mutations"]["register"] == 1
    assert "node1: " in table.out
    assert "register 1" in table.out
    assert not (lab_dir / "calls.json").exists()  # removed when the lab stopped


@pytest.mark.slow
def test_quiet_lab_serve_prints_its_endpoints_and_export_line_and_nothing_on_stderr(
    tmp_path: Path,
) -> None:
    """-q (issue 15.8): what the operator needs to use the lab (inventory, endpoints, the
    `export` line) is the result, on stdout; the notes ("press Ctrl-C", "lab stopped") go."""
    env = {**os.environ, "HCI_LAB_PASSWORD": "lab-only-pw"}
    quiet = SERVE.replace('main(["lab", "serve"', 'main(["-q", "lab", "serve"')
    process = subprocess.Popen(
        [sys.executable, "-c", quiet, "--dir", str(tmp_path / "lab"), "--nodes", "2"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_at_a_terminal,
    )
    try:
        _wait_for(tmp_path / "lab" / "inventory.yaml", process)
    finally:
        out, err = _stop(process)
    assert process.returncode == 0, err
    assert err == ""
    assert "inventory:" in out
    assert f'export HCI_LAB_ARM_TOKEN="$(cat {tmp_path / "lab" / "arm-token"})"' in out


def test_a_ctrl_c_right_after_the_inventory_appears_is_a_clean_stop_with_every_line_printed(
    tmp_path: Path, orchestrate: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever waits for inventory.yaml (a script, the tests above) may press Ctrl-C the moment
    it appears: the lab had then printed its lines, and stops as on any Ctrl-C (exit 0, files
    removed). Before, the file came first and a Ctrl-C before the wait began exited 130 with the
    export line unprinted (a flaky test under load)."""
    from orchestrator.cli import lab_serve

    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only-pw")
    written = lab_serve._write_inventory

    def written_then_interrupted(path: Path, data: dict[str, object]) -> None:
        written(path, data)
        raise KeyboardInterrupt  # the operator's Ctrl-C, as the file lands

    monkeypatch.setattr(lab_serve, "_write_inventory", written_then_interrupted)
    result = orchestrate("-q", "lab", "serve", "--nodes", "2", "--dir", str(tmp_path / "lab"))

    assert result.code == 0, result.err
    assert f'export HCI_LAB_ARM_TOKEN="$(cat {tmp_path / "lab" / "arm-token"})"' in result.out
    assert not (tmp_path / "lab" / "inventory.yaml").exists()
    assert not (tmp_path / "lab" / "arm-token").exists()
