"""`orchestrate show PLAN`, `orchestrate validate -i INV` and `--list-nodes` (issue 15.11):
the saved plan rendered as the dry run rendered it, an inventory checked offline, and the
nodes a verb would target, all without contacting anything."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES, base_inventory

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")


@pytest.fixture
def nothing_contacted(monkeypatch):  # type: ignore[no-untyped-def]
    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a node or Azure was contacted")

    for target in (
        "orchestrator.transport.factory.connect",
        "orchestrator.engine.api.make_plan",
        "orchestrator.engine.api.start_run",
    ):
        monkeypatch.setattr(target, refuse)


def _psrp_inventory(write_inventory, **connection):  # type: ignore[no-untyped-def]
    data = base_inventory()
    data["connection"] = {
        "transport": "psrp",
        "auth": "ntlm",
        "username": "CONTOSO\\deployer",
        "password_env": "HCI_TEST_PASSWORD",
        **connection,
    }
    del data["lab"]
    return str(write_inventory(data))


# --- show -----------------------------------------------------------------------------------


def test_show_renders_a_saved_plan_exactly_as_the_dry_run_did(orchestrate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.json"
    dry = orchestrate("prepare", "-i", FAULTS, "--dry-run", "--plan-out", str(plan))
    assert dry.code == 4  # node4 blocked
    shown = orchestrate("show", str(plan))
    assert shown.code == 0
    assert shown.out == dry.out
    assert f"orchestrate apply {plan} --yes" in shown.err


def test_show_json_is_the_saved_document(orchestrate, tmp_path, request) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.json"
    orchestrate("prepare", "-i", HEALTHY, "--dry-run", "--plan-out", str(plan))
    request.getfixturevalue("nothing_contacted")  # from here on
    shown = orchestrate("show", str(plan), "--output", "json")
    assert shown.code == 0
    assert json.loads(shown.out) == json.loads(plan.read_text())


@pytest.mark.parametrize("content", ["not json", '{"kind": "run"}'])
def test_show_of_a_file_that_is_not_a_plan_is_exit_2(orchestrate, tmp_path, content) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.json"
    path.write_text(content)
    result = orchestrate("show", str(path))
    assert result.code == 2
    assert result.err.startswith("error: plan: ")


# --- validate -------------------------------------------------------------------------------


def test_validate_accepts_a_lab_inventory(orchestrate, nothing_contacted) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("validate", "-i", HEALTHY)
    assert result.code == 0, result.err
    assert "valid; cluster hci01, 4 nodes (node1, node2, node3, node4)" in result.out


def test_validate_refuses_a_credential_that_cannot_be_found(
    orchestrate, write_inventory, monkeypatch, nothing_contacted
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("HCI_TEST_PASSWORD", raising=False)
    inventory = _psrp_inventory(write_inventory)
    result = orchestrate("validate", "-i", inventory)
    assert result.code == 2
    assert "connection.password_env" in result.err
    assert "is not set" in result.err


def test_validate_names_where_each_credential_comes_from_never_its_value(
    orchestrate, write_inventory, monkeypatch, nothing_contacted
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HCI_TEST_PASSWORD", "Canary-Pa55word!")
    monkeypatch.setenv("ARM_TOKEN_FOR_TEST", "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl")
    data = base_inventory()
    data["connection"] = {
        "transport": "psrp",
        "auth": "ntlm",
        "username": "CONTOSO\\deployer",
        "password_env": "HCI_TEST_PASSWORD",
    }
    data["azure"]["credential"] = "token_env:ARM_TOKEN_FOR_TEST"
    del data["lab"]
    inventory = write_inventory(data)
    result = orchestrate("validate", "-i", str(inventory), "--output", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["credentials"] == [
        {"field": "connection.password_env", "source": "environment variable HCI_TEST_PASSWORD"},
        {"field": "azure.credential", "source": "environment variable ARM_TOKEN_FOR_TEST"},
    ]
    assert "Canary-Pa55word!" not in result.out + result.err
    assert "eyJhbGciOi" not in result.out + result.err


def test_validate_with_a_flow_checks_what_the_flow_needs(orchestrate, write_inventory) -> None:  # type: ignore[no-untyped-def]
    data = base_inventory()
    del data["azure"]
    inventory = str(write_inventory(data))
    assert orchestrate("validate", "-i", inventory).code == 0
    result = orchestrate("validate", "-i", inventory, "--flow", "register")
    assert result.code == 2
    assert "azure" in result.err


def test_validate_of_a_broken_inventory_is_exit_2_naming_the_field(
    orchestrate, write_inventory
) -> None:  # type: ignore[no-untyped-def]
    data = base_inventory()
    data["cluster"]["nodes"][0]["name"] = "node 1!"
    result = orchestrate("validate", "-i", str(write_inventory(data)))
    assert result.code == 2
    assert "cluster.nodes[0].name" in result.err


# --- --list-nodes ---------------------------------------------------------------------------


def test_list_nodes_prints_the_targets_after_limit_and_contacts_nothing(
    orchestrate, tmp_path, nothing_contacted
) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "prepare", "-i", FAULTS,
        "--limit", "node*,!node2", "--list-nodes",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "node1\nnode3\nnode4\n"
    assert not (tmp_path / "s").exists()  # nothing journaled


@pytest.mark.parametrize("verb", ["precheck", "status", "unregister", "arc-cleanup"])
def test_list_nodes_on_read_only_and_cluster_verbs(orchestrate, verb, nothing_contacted) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate(verb, "-i", HEALTHY, "--list-nodes", "--output", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert [n["node"] for n in document["nodes"]] == ["node1", "node2", "node3", "node4"]
    assert document["command"] == verb


def test_list_nodes_keeps_the_cluster_flow_s_limit_refusal(orchestrate) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("unregister", "-i", HEALTHY, "--limit", "node1", "--list-nodes")
    assert result.code == 2
    assert "--limit" in result.err
