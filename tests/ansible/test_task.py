"""orchestrator.task in-process: what the Ansible module forwards, without ansible-playbook."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from orchestrator.errors import InputError
from orchestrator.inventory import parse_inventory
from orchestrator.task import (
    Secrets,
    TaskRequest,
    environment,
    materialise_inventory,
    run_task,
    secret_environment,
)
from tests.conftest import EXAMPLES, REPO, base_inventory


def faulty_inventory() -> dict[str, Any]:
    data = base_inventory()
    data["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}}
    return data


def request(tmp_path: Path, **changes: Any) -> TaskRequest:
    fields: dict[str, Any] = {
        "flow": "prepare",
        "state_dir": tmp_path / "state",
        "inventory_data": faulty_inventory(),
    }
    fields.update(changes)
    return TaskRequest(**fields)


def test_check_mode_returns_the_plan_and_changes_nothing(tmp_path: Path) -> None:
    planned = run_task(request(tmp_path, check_mode=True))
    assert planned["changed"] is True
    assert planned["failed"] is False
    assert planned["plan"]["kind"] == "plan"
    assert planned["diff"] == [
        {
            "before_header": "node2: start_hcisvc",
            "after_header": "node2: start_hcisvc",
            "before": "Stopped\n",
            "after": "Running\n",
        }
    ]
    assert not (tmp_path / "state" / "runs").exists()  # nothing journaled


def test_a_run_reports_changes_and_limit_targets_only_the_named_nodes(tmp_path: Path) -> None:
    ran = run_task(request(tmp_path, limit=("node1", "node2")))
    assert ran["failed"] is False
    assert ran["changed"] is True
    assert [n["node"] for n in ran["nodes"]] == ["node1", "node2"]
    assert (tmp_path / "state" / "runs" / ran["run_id"] / "journal.jsonl").exists()


def test_inline_inventory_is_saved_once_so_plans_and_resume_can_find_it(tmp_path: Path) -> None:
    first = materialise_inventory(request(tmp_path))
    second = materialise_inventory(request(tmp_path))
    assert first.source == second.source
    assert Path(first.source).parent == tmp_path / "state" / "inventories"
    assert first == parse_inventory(faulty_inventory(), first.source)


def test_azure_parameter_replaces_the_files_azure_section(tmp_path: Path) -> None:
    azure = {**base_inventory()["azure"], "resource_group": "other-rg"}
    inventory = materialise_inventory(
        request(
            tmp_path,
            inventory_data=None,
            inventory_path=str(EXAMPLES / "lab-cluster.yaml"),
            azure=azure,
        )
    )
    assert inventory.azure is not None
    assert inventory.azure.resource_group == "other-rg"
    assert inventory.cluster.name == "hci01"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"flow": "no-such-flow"}, "flow"),
        ({"flow": "arc-repair"}, "limit"),  # as `orchestrate arc-repair` requires --limit
        ({"inventory_data": None, "inventory_path": "missing.yaml"}, "inventory parameter"),
        ({"limit": ("node9",)}, "--limit"),
        ({"inventory_data": {**base_inventory(), "connection": {"password": "x"}}}, "password"),
        ({"secrets": Secrets(password="pw")}, "password_env"),
        ({"secrets": Secrets(azure_token="tok")}, "token_env"),
    ],
)
def test_bad_input_fails_with_a_message_naming_the_field(
    tmp_path: Path, changes: dict[str, Any], field: str
) -> None:
    result = run_task(request(tmp_path, **changes))
    assert result["failed"] is True
    assert result["exit_code"] == 2
    assert field in result["msg"]
    assert not (tmp_path / "state" / "runs").exists()


def test_inventory_file_and_inline_data_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="exactly one"):
        request(tmp_path, inventory_path=str(EXAMPLES / "lab-cluster.yaml"))
    with pytest.raises(InputError, match=r"options\.x"):
        request(tmp_path, options={"x": [1]})


def test_secrets_go_to_the_variables_the_inventory_names() -> None:
    data = base_inventory()
    data["connection"]["password_env"] = "HCI_PASSWORD"
    inventory = parse_inventory(data)
    env = secret_environment(
        inventory, Secrets(password="pw", azure_client_secret="cs"), client_id="app"
    )
    assert env == {
        "HCI_PASSWORD": "pw",
        "AZURE_CLIENT_ID": "app",
        "AZURE_CLIENT_SECRET": "cs",
        "AZURE_TENANT_ID": data["azure"]["tenant_id"],
    }
    data["azure"]["credential"] = "token_env:ARM_TOKEN"
    env = secret_environment(parse_inventory(data), Secrets(azure_token="tok"), client_id=None)
    assert env == {"ARM_TOKEN": "tok"}
    assert "pw" not in repr(Secrets(password="pw"))


def test_environment_overlay_is_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEPT", "before")
    monkeypatch.delenv("ADDED", raising=False)
    with environment({"KEPT": "during", "ADDED": "x"}):
        assert os.environ["KEPT"] == "during"
    assert os.environ["KEPT"] == "before"
    assert "ADDED" not in os.environ


def test_a_failed_run_names_the_remediation(tmp_path: Path) -> None:
    data = base_inventory()
    data["lab"]["nodes"] = {"node4": {"reachable": False}}
    ran = run_task(request(tmp_path, inventory_data=data))
    assert ran["failed"] is True
    assert ran["exit_code"] == 4
    assert "Make the node reachable over WinRM" in ran["msg"]
    assert {r["node"] for r in ran["remediation"]} == {"node4"}
    # the CLI's default state dir is another one: the commands name the module's (issue 15.12)
    assert f"orchestrate --state-dir {tmp_path / 'state'} resume {ran['run_id']}" in ran["msg"]


def test_an_ansible_inventory_file_with_the_azure_target_replaced(tmp_path: Path) -> None:
    azure = {**base_inventory()["azure"], "resource_group": "from-ansible-rg"}
    inventory = materialise_inventory(
        request(
            tmp_path,
            inventory_data=None,
            inventory_path=str(EXAMPLES / "ansible" / "hosts.yml"),
            azure=azure,
        )
    )
    assert [n.host for n in inventory.cluster.nodes][:1] == ["node1.contoso.local"]
    assert inventory.connection.password_env == "HCI_PASSWORD"  # the env lookup survived
    assert inventory.azure is not None
    assert inventory.azure.resource_group == "from-ansible-rg"


def test_the_plan_and_the_run_the_module_returns_match_the_schemas(tmp_path: Path) -> None:
    schemas = REPO / "docs" / "schemas"
    plan_schema = json.loads((schemas / "plan.schema.json").read_text())
    run_schema = json.loads((schemas / "run-result.schema.json").read_text())
    planned = run_task(request(tmp_path, check_mode=True))
    Draft202012Validator(plan_schema).validate(planned["plan"])
    ran = run_task(request(tmp_path))
    node_schema = {**run_schema["$defs"]["node"], "$defs": run_schema["$defs"]}
    for node in ran["nodes"]:
        Draft202012Validator(node_schema).validate(node)


def test_a_step_error_the_catalog_knows_brings_its_remediation() -> None:
    from orchestrator.engine.runner import Engine, RunSettings
    from orchestrator.engine.spec import StepSpec, Workflow
    from orchestrator.task import run_result
    from tests.engine.fakes import ScriptedError, SetValue, Store, lab

    store = Store()
    store.fail_next("node2", "a", ScriptedError("AADSTS700027: Client assertion is not valid"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    inventory, connector = lab()
    outcome = Engine(workflow, connector, inventory.cluster.nodes, RunSettings()).run()

    result = run_result(outcome, cluster="hci01")

    assert result["failed"] is True
    assert result["changed"] is True  # the other three nodes changed
    (fix,) = result["remediation"]
    assert fix["node"] == "node2"
    assert "clock" in fix["remediation"].lower()
    assert fix["remediation"] in result["msg"]


def test_a_step_that_cannot_tell_yet_shows_why_in_the_diff() -> None:
    from orchestrator.task import plan_result

    step = {"step": "register", "action": "unknown", "before": None, "after": None}
    plan = {
        "workflow": {"name": "register"},
        "cluster": "hci01",
        "cluster_prechecks": [],
        "nodes": [
            {
                "node": "node1",
                "status": "planned",
                "reason": None,
                "prechecks": [],
                "steps": [{**step, "reason": "needs b"}],
            }
        ],
        "summary": {"change": 0, "no_op": 0, "unknown": 1, "blocked": 0},
        "changes_pending": True,
        "exit_code": 0,
    }
    result = plan_result(plan)
    assert result["changed"] is True
    assert result["diff"] == [
        {
            "before_header": "node1: register",
            "after_header": "node1: register",
            "before": "",
            "after": "(decided when the step runs: needs b)\n",
        }
    ]


def test_the_module_is_never_more_permissive_than_the_verb() -> None:
    from orchestrator.task import VerbPolicy, verb_policy

    assert verb_policy("prepare") == VerbPolicy(needs_limit=False, serial=False)
    # arc-repair: --limit is required and there is no --parallel (one node at a time)
    assert verb_policy("arc-repair") == VerbPolicy(needs_limit=True, serial=True)


def test_an_error_nothing_explains_is_still_in_msg() -> None:
    from orchestrator.engine.runner import Engine, RunSettings
    from orchestrator.engine.spec import StepSpec, Workflow
    from orchestrator.task import run_result
    from tests.engine.fakes import ScriptedError, SetValue, Store, lab

    store = Store()
    store.fail_next("node3", "a", ScriptedError("the disk is full"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    inventory, connector = lab()
    outcome = Engine(workflow, connector, inventory.cluster.nodes, RunSettings()).run()

    result = run_result(outcome, cluster="hci01")

    assert result["failed"] is True
    assert result["remediation"] == []
    assert "Errors: node3: ScriptedError: the disk is full" in result["msg"]


def test_any_flow_by_name_a_cluster_flow_talking_to_azure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """register (cluster scope, Azure): plan changes, apply changes, apply again changes
    nothing, plan again is empty; the lab world persists between the calls."""
    monkeypatch.setenv("ORCHESTRATE_LAB_STATE", str(tmp_path / "lab-world.json"))
    registering = request(
        tmp_path,
        flow="register",
        inventory_data=None,
        inventory_path=str(EXAMPLES / "lab-cluster.yaml"),
    )
    planned = run_task(attrs.evolve(registering, check_mode=True))
    assert (planned["changed"], planned["failed"]) == (True, False)
    assert planned["diff"]
    applied = run_task(registering)
    assert (applied["changed"], applied["failed"]) == (True, False)
    again = run_task(registering)
    assert (again["changed"], again["failed"]) == (False, False)
    assert run_task(attrs.evolve(registering, check_mode=True))["changed"] is False
