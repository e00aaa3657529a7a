"""Resume: finished steps skipped, in-doubt steps re-checked, changed flows refused, Ctrl-C."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.runner import RunInterrupted, RunSettings
from orchestrator.engine.spec import StepSpec, Workflow
from orchestrator.errors import RefusedError
from orchestrator.exitcodes import ExitCode
from tests.engine.fakes import SetValue, Store, lab, records


class Crash(BaseException):
    """Stands for the process dying: nothing in the engine may catch it."""


def flow(store: Store, *, b_version: int = 1) -> Workflow:
    return Workflow(
        "t",
        1,
        "x",
        steps=[
            StepSpec(SetValue(store, "a")),
            StepSpec(SetValue(store, "b", version=b_version), idempotent=False),
            StepSpec(SetValue(store, "c")),
        ],
    )


def crash_at(predicate):  # type: ignore[no-untyped-def]
    def hook(record):  # type: ignore[no-untyped-def]
        if predicate(record):
            raise Crash(record["seq"])

    return hook


def start(store: Store, tmp_path: Path, connector, inventory, **kwargs):  # type: ignore[no-untyped-def]
    return start_run(
        flow(store),
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=kwargs.pop("parallel", 2)),
        state_dir=tmp_path,
        argv=["t"],
        connector=connector,
        **kwargs,
    )


def only_run(tmp_path: Path) -> str:
    (run_id,) = [p.name for p in (tmp_path / "runs").iterdir()]
    return run_id


def test_resume_skips_finished_steps_and_rechecks_the_one_in_doubt(tmp_path):
    store = Store()
    inventory, connector = lab()
    # Crash right after node1 announced it was applying b: b is in doubt, a is finished.
    hook = crash_at(
        lambda r: r["type"] == "step_started" and r["node"] == "node1" and r["step"] == "b"
    )
    with pytest.raises(Crash):
        start(store, tmp_path, connector, inventory, after_record=hook, parallel=1)
    run_id = only_run(tmp_path)
    outcome = resume_run(
        run_id,
        state_dir=tmp_path,
        argv=["resume"],
        load_flow=lambda _n: flow(store),
        connector=connector,
    )
    assert outcome.exit_code is ExitCode.OK
    journal = records(tmp_path, run_id)
    resumed = journal[[r["type"] for r in journal].index("run_resumed") :]
    node1 = [
        (r["type"], r.get("step"))
        for r in resumed
        if r.get("node") == "node1" and r["type"].startswith("step")
    ]
    assert node1[0] == ("step_checked", "b")  # re-checked first, a was skipped
    assert ("step_checked", "a") not in node1
    assert store.applies[("node1", "b")] == 1  # the crash came before apply: applied once
    assert all(
        store.values[n] == {"a": "on", "b": "on", "c": "on"}
        for n in ("node1", "node2", "node3", "node4")
    )


def test_a_step_applied_before_the_crash_is_reconciled_not_applied_again(tmp_path):
    store = Store()
    inventory, connector = lab()
    # The worst moment: b has changed the node but its step_finished never reached the disk.
    original_apply = SetValue.apply

    def apply_then_die(self, ctx, change):  # type: ignore[no-untyped-def]
        original_apply(self, ctx, change)
        if self.id == "b" and ctx.node == "node2":
            raise Crash("after apply")

    SetValue.apply = apply_then_die  # type: ignore[method-assign]
    try:
        with pytest.raises(Crash):
            start(store, tmp_path, connector, inventory)
    finally:
        SetValue.apply = original_apply  # type: ignore[method-assign]
    run_id = only_run(tmp_path)
    outcome = resume_run(
        run_id, state_dir=tmp_path, argv=[], load_flow=lambda _n: flow(store), connector=connector
    )
    assert outcome.exit_code is ExitCode.OK
    assert store.applies[("node2", "b")] == 1
    assert outcome.nodes[1].reports["b"].outcome == "reconciled"


def test_resume_refuses_when_the_flow_changed(tmp_path, orchestrate):
    store = Store()
    inventory, connector = lab()
    with pytest.raises(Crash):
        start(store, tmp_path, connector, inventory, after_record=crash_at(lambda r: r["seq"] == 5))
    run_id = only_run(tmp_path)
    with pytest.raises(RefusedError, match="Resuming across a changed flow is unsafe") as refused:
        resume_run(
            run_id,
            state_dir=tmp_path,
            argv=[],
            load_flow=lambda _n: flow(store, b_version=2),
            connector=connector,
        )
    assert refused.value.exit_code is ExitCode.REFUSED
    assert sum(store.applies.values()) <= 1  # nothing more was applied


def test_ctrl_c_finishes_work_in_flight_journals_and_is_resumable(tmp_path):
    store = Store()
    inventory, connector = lab()
    seen = []

    def press_ctrl_c(run, event):  # type: ignore[no-untyped-def]
        seen.append(event)
        if event == "succeeded" and seen.count("succeeded") == 3:
            raise KeyboardInterrupt

    with pytest.raises(RunInterrupted) as stopped:
        start(store, tmp_path, connector, inventory, on_event=press_ctrl_c)
    assert stopped.value.exit_code == 130
    run_id = only_run(tmp_path)
    journal = records(tmp_path, run_id)
    assert journal[-1]["type"] == "run_interrupted"
    started = {(r["node"], r["step"]) for r in journal if r["type"] == "step_started"}
    ended = {
        (r["node"], r["step"]) for r in journal if r["type"] in ("step_finished", "step_failed")
    }
    assert started <= ended  # nothing left in doubt: in-flight work finished and was recorded
    outcome = resume_run(
        run_id, state_dir=tmp_path, argv=[], load_flow=lambda _n: flow(store), connector=connector
    )
    assert outcome.exit_code is ExitCode.OK
    assert set(store.applies.values()) == {1}


def test_resume_of_unknown_run_is_a_usage_error(orchestrate, tmp_path):
    result = orchestrate("--state-dir", str(tmp_path), "resume", "20990101T000000Z-abcdef")
    assert result.code == 2
    assert "no such run" in result.err
    assert "Traceback" not in result.err


def test_a_real_sigint_flushes_the_journal_exits_130_and_resume_completes(
    tmp_path, orchestrate, monkeypatch
):
    import json
    import os
    import subprocess
    import sys

    from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
    from tests.conftest import EXAMPLES, REPO

    env = {
        **os.environ,
        LAB_STATE_ENV: str(tmp_path / "lab.json"),
        "ORCHESTRATE_HOME": str(tmp_path),
    }
    args = ["prepare", "-i", str(EXAMPLES / "lab-faults.yaml"), "--parallel", "1"]
    stopped = subprocess.run(
        [sys.executable, "-m", "tests.engine.sigint_driver", "12", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert stopped.returncode == 130, stopped.stderr
    assert "interrupted; resume with: orchestrate resume" in stopped.stderr
    run_id = only_run(tmp_path)
    journal = records(tmp_path, run_id)
    assert journal[-1]["type"] == "run_interrupted"
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    resumed = orchestrate("--state-dir", str(tmp_path), "resume", run_id, "--output", "json")
    assert resumed.code == 4  # node4 stays unreachable; the rest converged
    states = {n["node"]: n["state"] for n in json.loads(resumed.out)["nodes"]}
    assert states == {"node1": "done", "node2": "done", "node3": "done", "node4": "failed"}


def test_an_in_doubt_step_that_may_not_be_reapplied_parks_the_node(tmp_path):
    store = Store()
    inventory, connector = lab()
    guarded = Workflow(
        "t",
        1,
        "x",
        steps=[StepSpec(SetValue(store, "b"), idempotent=False, reapply_when_in_doubt=False)],
    )
    hook = crash_at(lambda r: r["type"] == "step_started" and r["node"] == "node1")
    with pytest.raises(Crash):
        start_run(
            guarded,
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=1),
            state_dir=tmp_path,
            argv=[],
            connector=connector,
            after_record=hook,
        )
    outcome = resume_run(
        only_run(tmp_path),
        state_dir=tmp_path,
        argv=[],
        load_flow=lambda _n: guarded,
        connector=connector,
    )
    assert outcome.by_state("needs_operator") == ["node1"]
    assert "check the node by hand" in (outcome.nodes[0].error or "")
    assert store.applies[("node1", "b")] == 0
    assert outcome.exit_code is ExitCode.REFUSED


def test_a_real_sigterm_is_handled_like_ctrl_c_exit_143_lock_released_resumable(
    tmp_path, orchestrate, monkeypatch, lock_dir
):
    """Issue 17 defect 4: CI cancellation and Ansible timeouts send SIGTERM; before, the
    process died at once: no run_interrupted, the lock's holder left behind."""
    import json
    import os
    import subprocess
    import sys

    from orchestrator.engine.lock import ClusterLock
    from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
    from tests.conftest import EXAMPLES, REPO

    env = {
        **os.environ,
        LAB_STATE_ENV: str(tmp_path / "lab.json"),
        "ORCHESTRATE_HOME": str(tmp_path),
    }
    args = ["prepare", "-i", str(EXAMPLES / "lab-faults.yaml"), "--parallel", "1"]
    stopped = subprocess.run(
        [sys.executable, "-m", "tests.engine.sigint_driver", "12:TERM", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert stopped.returncode == 143, stopped.stderr
    assert "terminated (SIGTERM); resume with: orchestrate resume" in stopped.stderr
    run_id = only_run(tmp_path)
    journal = records(tmp_path, run_id)
    assert journal[-1]["type"] == "run_interrupted"
    assert journal[-1]["exit_code"] == 143
    with ClusterLock("hci01", "next", lock_dir) as lock:  # released: the next run takes it
        assert lock.previous is None  # and released properly, not by the process dying
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    resumed = orchestrate("--state-dir", str(tmp_path), "resume", run_id, "--output", "json")
    assert resumed.code == 4  # node4 stays unreachable; the rest converged
    states = {n["node"]: n["state"] for n in json.loads(resumed.out)["nodes"]}
    assert states == {"node1": "done", "node2": "done", "node3": "done", "node4": "failed"}
