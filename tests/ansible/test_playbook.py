"""The Ansible module driven by a real `ansible-playbook` (ansible-core) against localhost and
the lab: check mode, apply, a second apply, and a failing run. Each playbook run is a real
process (~2-3 s), so the scenarios share two playbooks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO, base_inventory

pytestmark = pytest.mark.slow

ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"
SECRET = "Tr0ub4dor-lab-only-secret"  # a test value that must never show up

if not ANSIBLE_PLAYBOOK.exists():  # pragma: no cover - the test extra installs ansible-core
    pytest.skip("ansible-core is not installed (pip install -e '.[test]')", allow_module_level=True)


def play(tmp_path: Path, tasks: list[dict[str, Any]], defaults: dict[str, Any]) -> Path:
    playbook = [
        {
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"hci_orchestrator.hci.orchestrate": defaults},
            "tasks": tasks,
        }
    ]
    path = tmp_path / "playbook.yml"
    path.write_text(yaml.safe_dump(playbook, sort_keys=False))
    return path


def save_results(*names: str) -> dict[str, Any]:
    """A task that writes the registered results to results.json (also in check mode)."""
    content = "{{ {" + ", ".join(f"'{n}': {n}" for n in names) + "} | to_json }}"
    return {
        "ansible.builtin.copy": {"content": content, "dest": "results.json"},
        "check_mode": False,
        "diff": False,
        # the copy module runs on the host (this machine's interpreter discovery is unreliable);
        # the orchestrate tasks need no interpreter at all
        "vars": {"ansible_python_interpreter": sys.executable},
    }


def ansible_playbook(
    tmp_path: Path, playbook: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **(env or {}),
        "ANSIBLE_COLLECTIONS_PATH": str(REPO),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
        "ORCHESTRATE_LAB_STATE": str(tmp_path / "lab-world.json"),
        "ORCHESTRATE_HOME": str(tmp_path / "state"),
    }
    return subprocess.run(
        [
            str(ANSIBLE_PLAYBOOK),
            *(() if "-i" in extra else ("-i", "localhost,", "-c", "local")),
            "--diff",
            *extra,
            str(playbook),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_mode_then_apply_then_apply_again(tmp_path: Path) -> None:
    inventory = base_inventory()
    inventory["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}, "node3": {"clock_offset_s": 420}}
    inventory["connection"]["password_env"] = "HCI_LAB_PASSWORD"
    task = {"hci_orchestrator.hci.orchestrate": {}}
    playbook = play(
        tmp_path,
        [
            {"name": "plan", **task, "check_mode": True, "register": "planned"},
            {"name": "apply", **task, "register": "applied"},
            {"name": "apply again", **task, "register": "again"},
            save_results("planned", "applied", "again"),
        ],
        {
            "flow": "prepare",
            "inventory_data": inventory,
            "state_dir": str(tmp_path / "state"),
            "password": SECRET,
        },
    )

    # -vvv prints each task's module arguments: a secret without no_log would show up there
    done = ansible_playbook(tmp_path, playbook, "-vvv")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in done.stdout
    results = json.loads((tmp_path / "results.json").read_text())
    planned, applied, again = results["planned"], results["applied"], results["again"]

    # check mode: the plan, changed, nothing run
    assert planned["changed"] is True
    assert "run_id" not in planned
    assert planned["plan"]["summary"]["change"] == 2
    assert {(d["before_header"], d["before"], d["after"]) for d in planned["diff"]} == {
        ("node2: start_hcisvc", "Stopped\n", "Running\n"),
        ("node3: resync_clock", "+420.0 s\n", "+0.0 s\n"),
    }
    # Ansible rendered the diff for the operator
    assert "--- before: node2: start_hcisvc" in done.stdout
    assert "-Stopped" in done.stdout
    assert "+Running" in done.stdout

    # the first apply changed exactly what the plan said
    assert applied["changed"] is True
    assert applied["run_id"]
    assert applied["summary"]["done"] == 4
    changed = {
        (n["node"], s["step"])
        for n in applied["nodes"]
        for s in n["steps"]
        if s["outcome"] == "changed"
    }
    assert changed == {("node2", "start_hcisvc"), ("node3", "resync_clock")}
    assert [d["before_header"] for d in applied["diff"]] == [
        "node2: start_hcisvc",
        "node3: resync_clock",
    ]

    # the lab world persisted between module processes: nothing is left to do
    assert again["changed"] is False
    assert again["failed"] is False
    assert again["run_id"] != applied["run_id"]

    # the journals of both runs exist; the password reached neither them nor the output
    runs = sorted(p.name for p in (tmp_path / "state" / "runs").iterdir())
    assert runs == sorted([applied["run_id"], again["run_id"]])
    started = json.loads(
        (tmp_path / "state" / "runs" / applied["run_id"] / "journal.jsonl")
        .read_text()
        .splitlines()[0]
    )
    assert started["argv"] == ["ansible:hci_orchestrator.hci.orchestrate", "flow=prepare"]
    assert SECRET not in done.stdout + done.stderr
    assert SECRET not in (tmp_path / "results.json").read_text()  # registered results, masked
    for path in (tmp_path / "state").rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), path


def test_failures_carry_the_remediation(tmp_path: Path) -> None:
    inventory = tmp_path / "lab-faults.yaml"
    shutil.copy(EXAMPLES / "lab-faults.yaml", inventory)
    bad = base_inventory()
    bad["azure"]["region"] = "usgovvirginia"  # a region of another cloud: refused offline
    # a Python without hci-orchestrator (no site-packages) as the host's interpreter: the
    # action plugin runs the flow in ansible-playbook's Python, so it does not matter
    bare_python = tmp_path / "python-without-orchestrator"
    bare_python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    bare_python.chmod(0o755)
    playbook = play(
        tmp_path,
        [
            {
                "name": "any interpreter",
                "hci_orchestrator.hci.orchestrate": {"inventory_data": bad},
                "vars": {"ansible_python_interpreter": str(bare_python)},
                "register": "any_interpreter",
                "ignore_errors": True,
            },
            {
                "name": "bad inline inventory",
                "hci_orchestrator.hci.orchestrate": {"inventory_data": bad},
                "register": "bad_input",
                "ignore_errors": True,
            },
            save_results("any_interpreter", "bad_input"),
            {
                "name": "prepare with an unreachable node",
                "hci_orchestrator.hci.orchestrate": {"inventory": str(inventory)},
            },
        ],
        {"flow": "prepare", "state_dir": str(tmp_path / "state")},
    )

    done = ansible_playbook(tmp_path, playbook)

    # bad input: a one-line message naming the field, nothing run
    results = json.loads((tmp_path / "results.json").read_text())
    for bad_input in (results["bad_input"], results["any_interpreter"]):
        assert bad_input["failed"] is True
        assert "azure.region" in bad_input["msg"]
        assert bad_input["exit_code"] == 2

    # the failing run fails the play, with what to do about it
    assert done.returncode == 2, done.stdout + done.stderr
    assert "fatal: [localhost]" in done.stdout
    assert "Make the node reachable over WinRM" in done.stdout
    # the CLI's default state dir is another one: the command names the module's (issue 15.12)
    assert re.search(r"orchestrate --state-dir \S+ resume ", done.stdout)
    recap = done.stdout[done.stdout.index("PLAY RECAP") :]
    assert "failed=1" in recap
    assert "ignored=2" in recap


def test_the_example_playbook_plans_with_check_and_diff(tmp_path: Path) -> None:
    inventory = base_inventory()
    inventory["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}}
    inventory_file = tmp_path / "hci01.yaml"
    inventory_file.write_text(yaml.safe_dump(inventory))
    state = tmp_path / "state"

    done = ansible_playbook(
        tmp_path,
        EXAMPLES / "ansible" / "prepare.yml",
        "--check",
        "-e",
        f"hci_inventory={inventory_file}",
        "-e",
        f"hci_state_dir={state}",
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "--- before: node2: start_hcisvc" in done.stdout
    assert "+Running" in done.stdout
    assert "1 to change" in done.stdout  # the plan's summary, via the example's debug task
    recap = done.stdout[done.stdout.index("PLAY RECAP") :]
    assert "changed=1" in recap
    assert not (state / "runs").exists()  # check mode ran nothing


def test_one_ansible_inventory_drives_the_play_and_the_flow(tmp_path: Path) -> None:
    hosts = yaml.safe_load((EXAMPLES / "ansible" / "hosts.yml").read_text())
    cluster_vars = hosts["all"]["children"]["hci01"]["vars"]
    cluster_vars["hci_transport"] = "lab"
    cluster_vars["hci_lab"] = {
        "nodes": {"node2": {"hcisvc": "stopped"}, "node3": {"hcisvc": "stopped"}}
    }
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(yaml.safe_dump(hosts))

    done = ansible_playbook(
        tmp_path,
        EXAMPLES / "ansible" / "prepare-inventory-hosts.yml",
        "-i",
        str(inventory),
        "--limit",
        "node1,node2",
        "--check",
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "changed: [node1]" in done.stdout  # once, by the action plugin on the controller
    assert "--- before: node2: start_hcisvc" in done.stdout
    assert "node3" not in done.stdout  # Ansible's --limit reached the flow


def test_check_mode_shows_the_healthy_nodes_diffs_before_failing_on_a_blocked_node(
    tmp_path: Path,
) -> None:
    """lab-faults: node4 unreachable blocks the plan; node2 and node3 would still change, and
    the operator sees that before the task fails (Ansible shows diffs of successful tasks only)."""
    playbook = play(
        tmp_path,
        [{"name": "plan", "hci_orchestrator.hci.orchestrate": {}, "check_mode": True}],
        {
            "flow": "prepare",
            "inventory": str(EXAMPLES / "lab-faults.yaml"),
            "state_dir": str(tmp_path / "state"),
        },
    )

    done = ansible_playbook(tmp_path, playbook)

    assert done.returncode == 2, done.stdout + done.stderr
    fatal = done.stdout.index("fatal: [localhost]")
    for line in ("--- before: node2: start_hcisvc", "+Running", "--- before: node3: resync_clock"):
        assert 0 <= done.stdout.find(line) < fatal, line
    assert "node4 (reachability)" in done.stdout[fatal:]
    assert not (tmp_path / "state" / "runs").exists()  # check mode ran nothing


def test_a_controller_without_hci_orchestrator_is_told_what_to_install(tmp_path: Path) -> None:
    """The action plugin imports hci-orchestrator in ansible-playbook's own Python; where it is
    missing there, the task fails with Ansible's missing-library message, not a traceback."""
    hide = tmp_path / "hide-orchestrator"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('orchestrator', 'workflows'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Hide())\n"
    )
    playbook = play(
        tmp_path,
        [{"name": "plan", "hci_orchestrator.hci.orchestrate": {}, "check_mode": True}],
        {"flow": "prepare", "inventory": str(EXAMPLES / "lab-cluster.yaml")},
    )

    done = ansible_playbook(tmp_path, playbook, env={"PYTHONPATH": str(hide)})

    assert done.returncode == 2, done.stdout + done.stderr
    assert "Failed to import the required Python library (hci-orchestrator)" in done.stdout
    assert "Traceback" not in done.stdout
