"""Live per-node progress (issue 15.9): at a terminal a redrawn view with one row per node
(current step, state, elapsed time), the overall count and failures in red as they happen; in a
pipeline one timestamped line per node and step on stderr; the final table one row per node
unless -v. The views are fed a fake event stream and a fake clock: no sleeping, no polling."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from orchestrator.live_progress import LineView, LiveView, RunProgress, live_progress
from tests.conftest import EXAMPLES, CliResult, base_inventory

RED = "\x1b[1;31m"


class FakeRun:
    """What the engine hands `on_event`: the node's run with its new state."""

    def __init__(self, name: str, state: str, error: str | None = None) -> None:
        self.name = name
        self.state = state
        self.error = error


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


EVENTS = [
    (0, FakeRun("node1", "prechecks")),
    (0, FakeRun("node2", "prechecks")),
    (0, FakeRun("node3", "prechecks")),
    (2, FakeRun("node3", "failed", "reachability: unreachable: WinRM cannot complete")),
    (2, FakeRun("node1", "ready")),
    (2, FakeRun("node2", "ready")),
    (3, FakeRun("node1", "start_hcisvc")),
    (3, FakeRun("node2", "start_hcisvc")),
    (9, FakeRun("node1", "resync_clock")),
    (14, FakeRun("node1", "done")),
]


def _frames(console: Console) -> list[str]:
    """Every redraw of the live view, as plain text (cursor movements split them)."""
    text = console.export_text(styles=False)
    return [frame for frame in re.split(r"\n?(?=Run on hci01)", text) if frame.strip()]


def _row(frame: str, node: str) -> list[str]:
    for line in frame.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 2 and cells[1] == node:
            return cells[2:-1]
    raise AssertionError(f"no row for {node} in:\n{frame}")


def test_the_live_view_shows_each_nodes_step_state_and_elapsed_time_and_fails_in_red() -> None:
    console = Console(
        file=io.StringIO(), record=True, force_terminal=True, width=100, color_system="truecolor"
    )
    clock = FakeClock()
    progress = RunProgress(["node1", "node2", "node3"], clock=clock)
    with LiveView(progress, "Run on hci01", console, auto_refresh=False) as view:
        for at, run in EVENTS:
            clock.now = at
            view.on_event(run, "event")
        clock.now = 20
        view.live.refresh()
    styled = console.export_text(styles=True, clear=False)
    frames = _frames(console)
    last = frames[-1]
    assert _row(last, "node1") == ["resync_clock", "done", "14s"]
    assert _row(last, "node2") == ["start_hcisvc", "running", "20s"]
    assert _row(last, "node3") == ["pre-checks", "failed", "2s"]
    assert "2/3 nodes finished, 1 running, 1 failed" in last
    # the failure is printed above the view, in red, when it happens (before node1 finishes)
    failure = "✗ node3 failed at pre-checks: reachability: unreachable: WinRM cannot complete"
    assert f"{RED}{failure}" in styled
    assert styled.index(failure) < styled.index("1/3 nodes finished")
    # one redraw per event (no refresh thread in the test), the first with every node listed
    assert sum("nodes finished" in f for f in frames) >= len(EVENTS)
    assert all(node in frames[0] for node in ("node1", "node2", "node3"))


def test_a_cluster_flows_other_nodes_follow_the_entry_node() -> None:
    clock = FakeClock()
    progress = RunProgress(["node1", "node2"], clock=clock, entry="node1")
    progress.update(FakeRun("node1", "registration"))
    assert progress.rows["node2"].state == "running (through node1)"
    progress.update(FakeRun("node1", "done"))
    assert progress.rows["node2"].state == "done (through node1)"
    assert progress.counts() == (2, 0, 2)


def test_in_a_pipeline_one_timestamped_line_per_node_and_step() -> None:
    stream = io.StringIO()
    clock = FakeClock()
    view = LineView(
        RunProgress(["node1", "node2", "node3"], clock=clock),
        stream,
        stamp=lambda: "2026-12-06T23:41:07Z",
    )
    for at, run in EVENTS:
        clock.now = at
        view.on_event(run, "event")
    lines = stream.getvalue().splitlines()
    assert "2026-12-06T23:41:07Z node1 start_hcisvc (running) [1/3 finished, 1 failed]" in lines
    assert "2026-12-06T23:41:07Z node1 resync_clock (running) [1/3 finished, 1 failed]" in lines
    assert (
        "2026-12-06T23:41:07Z node3 failed: reachability: unreachable: WinRM cannot complete "
        "[1/3 finished, 1 failed]" in lines
    )
    assert lines[-1] == "2026-12-06T23:41:07Z node1 done [2/3 finished, 1 failed]"
    assert not any(" ready" in line or "waiting" in line for line in lines)  # no noise
    assert len(lines) == len({line for line in lines})  # one line per change, never repeated


def test_in_a_pipeline_a_cluster_flows_other_nodes_get_their_line_at_the_end() -> None:
    stream = io.StringIO()
    progress = RunProgress(["node1", "node2", "node3"], clock=FakeClock(), entry="node1")
    view = LineView(progress, stream, stamp=lambda: "T")
    for state in ("prechecks", "registration", "done"):
        view.on_event(FakeRun("node1", state), "event")
    assert stream.getvalue().splitlines()[-3:] == [
        "T node1 done [3/3 finished, 0 failed]",
        "T node2 done (through node1) [3/3 finished, 0 failed]",
        "T node3 done (through node1) [3/3 finished, 0 failed]",
    ]


def test_progress_off_and_the_pipeline_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    with live_progress("t", ["node1"]) as hook:
        assert hook is None
    monkeypatch.delenv("ORCHESTRATE_PROGRESS")
    stream = io.StringIO()
    with live_progress("t", ["node1"], console=Console(file=stream), stream=stream) as hook:
        assert hook is not None
        hook(FakeRun("node1", "start_hcisvc"), "begin")
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ node1 start_hcisvc \(running\) \[0/1 finished, 0 failed\]\n",
        stream.getvalue(),
    )


def _sixteen_nodes(tmp_path: Path) -> Path:
    import yaml

    data: dict[str, Any] = base_inventory()
    data["cluster"]["nodes"] = [
        {"name": f"node{i}", "host": f"node{i}.contoso.local"} for i in range(1, 17)
    ]
    data["lab"] = {"seed": 7, "nodes": {"node5": {"hcisvc": "stopped"}}}
    path = tmp_path / "sixteen.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_run_in_a_pipeline_writes_its_progress_lines_on_stderr_and_a_short_table(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ORCHESTRATE_PROGRESS", raising=False)
    inventory = str(_sixteen_nodes(tmp_path))
    result = orchestrate("prepare", "-i", inventory)
    assert result.code == 0, result.out + result.err
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    assert re.search(rf"^{stamp} node5 start_hcisvc \(running\) ", result.err, re.M)
    assert re.search(rf"^{stamp} node16 done \[\d+/16 finished, 0 failed\]$", result.err, re.M)
    # The final table: one row per node, so 16 nodes and the summary fit on one screen.
    rows = [line for line in result.out.splitlines() if re.match(r"│ node\d+ ", line)]
    assert len(rows) == 16
    assert len(result.out.splitlines()) < 40
    assert "16 done, 0 failed" in result.out
    detailed = orchestrate("-v", "prepare", "-i", inventory)
    step_rows = [line for line in detailed.out.splitlines() if re.match(r"│ node\d+ ", line)]
    assert len(step_rows) == 16 * 4  # -v: every step of every node


def test_a_cluster_flow_in_a_pipeline_prints_the_entry_nodes_steps_then_every_node(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ORCHESTRATE_PROGRESS", raising=False)
    result = orchestrate("register", "-i", str(EXAMPLES / "lab-cluster.yaml"))
    assert re.search(r"Z node1 registration \(running\) ", result.err)
    assert re.search(r"Z node1 done \[4/4 finished, 0 failed\]$", result.err, re.M)
    assert re.search(r"Z node4 done \(through node1\) \[4/4 finished", result.err)


def test_log_lines_during_the_live_view_are_printed_above_it_not_into_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """-v logs through a RichHandler with its own console, which would bypass rich's stderr
    redirection and land inside the redrawn view: during the view it uses the view's console."""
    import logging

    from rich.logging import RichHandler

    own = io.StringIO()
    handler = RichHandler(console=Console(file=own), show_time=False, show_path=False)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [handler])
    log = logging.getLogger("tests.live_progress")
    log.setLevel(logging.INFO)  # its own level: the root's may be cached from an earlier CLI run
    console = Console(file=io.StringIO(), record=True, force_terminal=True, width=100)
    with LiveView(RunProgress(["node1"]), "Run on hci01", console, auto_refresh=False) as view:
        view.on_event(FakeRun("node1", "start_hcisvc"), "begin")
        log.info("node1: start_hcisvc: Stopped -> Running")
    assert "node1: start_hcisvc: Stopped -> Running" in console.export_text()
    assert own.getvalue() == ""
    assert handler.console.file is own  # given back after the view
