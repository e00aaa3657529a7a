"""SCENARIOS.md D1-D6 end to end: `orchestrate arc-onboard` / `arc-offboard` against the lab.

Each test starts from the lab's fault, runs the real CLI, asserts how the run ends (exit code,
per-node state, the explanation an operator reads), the lab's final state, and that running
again plans no change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from orchestrator.catalog import classify
from orchestrator.engine.compile import DONE, NEEDS_OPERATOR
from orchestrator.engine.spec import OptionValue
from orchestrator.inventory import load_inventory
from orchestrator.lab import LabWorld
from orchestrator.lab.azure import ARC_NAMESPACE
from orchestrator.lab.texts import AZCM_CODES
from orchestrator.steps.arc_agent import CONFIG_PREFIX, HIMDS_SIGNATURES
from orchestrator.steps.evidence import AZCMAGENT_LOG
from orchestrator.transport.factory import connect
from tests.scenarios.support import (
    SECRET_ENV,
    Lab,
    ScenarioLab,
    arc_machine,
    assert_plans_no_change,
    blocked_nodes,
    planned_changes,
)
from workflows.arc_onboard import WORKFLOW

Make = Callable[..., ScenarioLab]


def states(doc: dict) -> dict[str, str]:
    return {n["node"]: n["state"] for n in doc["nodes"]}


def errors(doc: dict) -> dict[str, str]:
    return {n["node"]: n["error"] or "" for n in doc["nodes"]}


def connect_args(app_id: str) -> tuple[str, ...]:
    return ("--service-principal-id", app_id)


def no_secret_anywhere(lab: ScenarioLab, secret: str, *outputs: str) -> None:
    for text in outputs:
        assert secret not in text
    for path in (lab.tmp / "state").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="replace"), path
    world = lab.world()
    for node in world.ordered_nodes():
        leftovers = [p for p in node.files if CONFIG_PREFIX in p]
        assert leftovers == [], f"{node.name}: secret config file left behind: {leftovers}"
        assert all(secret not in f.content for f in node.files.values())
    assert secret not in lab.state.read_text()


def agent_status(world: LabWorld) -> dict[str, str]:
    return {n.name: n.arc_agent.status for n in world.ordered_nodes()}


# --- D1 ----------------------------------------------------------------------------------------


def test_d1_onboard_leaves_connected_agents_alone_and_reconnects_one_whose_resource_is_gone(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("D1")
    app_id, secret = lab.onboarding_secret()
    _code, plan = lab.json("arc-onboard", *connect_args(app_id), "--dry-run")
    planned = {n["node"]: {s["step"]: s["action"] for s in n["steps"]} for n in plan["nodes"]}
    assert planned["node1"]["arc_connect"] == "change"  # agent connected, resource deleted
    assert planned["node2"]["arc_connect"] == "no-op"  # connected to this target: no AZCM0067
    assert planned["node3"]["arc_connect"] == "change"

    before = {n.name: dict(n.mutations) for n in lab.world().ordered_nodes()}
    result = lab.run("arc-onboard", *connect_args(app_id), "--output", "json")
    assert result.code == 0, result.out + result.err
    world = lab.world()
    assert agent_status(world) == dict.fromkeys(["node1", "node2", "node3"], "Connected")

    def ran(node: str, what: str) -> int:
        return world.node(node).mutations.get(what, 0) - before[node].get(what, 0)

    assert ran("node1", "azcmagent:disconnect") == 1  # --force-local-only, then connect
    assert ran("node1", "azcmagent:connect") == 1
    assert ran("node2", "azcmagent:connect") == 0
    assert ran("node3", "azcmagent:connect") == 1
    assert arc_machine(world, "node1") is not None
    no_secret_anywhere(lab, secret, result.out, result.err)
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


def test_d1_offboard_forces_local_only_when_the_resource_is_already_gone(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("D1")
    node2_resource = lab.world().node("node2").arc_agent.resource_id
    code, doc = lab.json("arc-offboard")
    assert code == 0, doc
    world = lab.world()
    assert agent_status(world) == dict.fromkeys(["node1", "node2", "node3"], "Disconnected")
    assert node2_resource.lower() not in world.azure.resources  # deleted by the agent itself
    steps = {n["node"]: n["steps"][-1] for n in doc["nodes"]}
    assert steps["node1"]["outcome"] == "changed"
    # node1's resource is gone: a local-only disconnect (no AZCM0043), needing no token file
    log = world.node("node1").files[AZCMAGENT_LOG].content
    assert log.rstrip().endswith("Disconnected machine from Azure (local only)")
    assert "file:write" not in world.node("node1").mutations
    assert world.node("node2").mutations.get("file:write") == 1  # the token, for Azure's side
    assert steps["node3"]["outcome"] == "no-op"  # never connected: no AZCM0063
    for node in world.ordered_nodes():  # the operator's token went in a file, now removed
        assert not [p for p in node.files if CONFIG_PREFIX in p]
    lab.plans_no_change("arc-offboard")


def _in_process(lab: ScenarioLab, tmp_path: Path) -> tuple[Lab, str]:
    """The scenario's world driven through the engine's API, with a usable onboarding secret."""
    inventory = load_inventory(lab.inventory)
    engine_lab = Lab(inventory, connect(inventory), tmp_path / "runs")
    world = engine_lab.world
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    lab.monkeypatch.setenv(SECRET_ENV, world.azure.reset_credential(app.app_id))
    return engine_lab, app.app_id


CODES = sorted(code for code in AZCM_CODES if code != "AZCM0000")


@pytest.mark.parametrize("code", CODES)
def test_d1_every_azcm_code_is_explained_from_the_catalog(
    scenario_lab: Make, tmp_path: Path, code: str
) -> None:
    lab = scenario_lab("D2", nodes=2)
    engine_lab, app_id = _in_process(lab, tmp_path)
    world = engine_lab.world
    world.node("node1").faults.azcm_forced_code = code  # the next azcmagent command fails so
    signature = classify(f"{code}: {AZCM_CODES[code]}")[0].signature
    options: dict[str, OptionValue] = {"service_principal_id": app_id, "resource_name": "{node}"}
    outcome = engine_lab.run(WORKFLOW, **options)
    node1 = next(r for r in outcome.nodes if r.name == "node1")
    node2 = next(r for r in outcome.nodes if r.name == "node2")
    assert node2.state == DONE
    if signature.retryable or signature.id in HIMDS_SIGNATURES:
        # retried (AZCM0011/0064/0070) or himds started and tried again (AZCM0061)
        assert node1.state == DONE, node1.error
        assert world.node("node1").arc_agent.status == "Connected"
        assert node1.reports["arc_connect"].attempts >= 2
        assert_plans_no_change(engine_lab, WORKFLOW, **options)
    else:
        assert node1.state == NEEDS_OPERATOR
        assert code in (node1.error or "")
        assert signature.title in (node1.error or "")
        assert "Fix: " in (node1.error or "")
        assert world.node("node1").arc_agent.status == "Disconnected"
        # the code was the agent's answer of the moment: node1 alone is still to connect
        again = engine_lab.plan(WORKFLOW, **options)
        assert [node for node, _step in planned_changes(again)] == ["node1"]


# --- D2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "azure", "field", "code"),
    [
        (("--tags", "Cost Center=42"), {}, "--tags", "AZCM0013"),
        (("--tags", "env"), {}, "--tags", "AZCM0013"),
        ((), {"cloud": "AzureMoon"}, "cloud", "AzureCloud"),
        (("--correlation-id", "not-a-guid"), {}, "--correlation-id", "AZCM0015"),
        (("--resource-name", "{node}_"), {}, "--resource-name", "AZCM0017"),
        (("--resource-name", "web"), {}, "--resource-name", "{node}"),
    ],
)
def test_d2_bad_input_is_refused_before_anything_runs(
    scenario_lab: Make, args: tuple[str, ...], azure: dict, field: str, code: str
) -> None:
    lab = scenario_lab("D2")
    app_id, _ = lab.onboarding_secret()
    if azure:  # a bad inventory value: written after the lab was built from the good one
        data = yaml.safe_load(lab.inventory.read_text())
        data["azure"].update(azure)
        lab.inventory.write_text(yaml.safe_dump(data))
    before = lab.state.read_text()
    result = lab.run("arc-onboard", *connect_args(app_id), *args)
    assert result.code == 2, result.out + result.err
    assert field in result.err
    assert code in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert lab.state.read_text() == before  # no node was even contacted
    assert not (lab.tmp / "state" / "runs").exists()


def test_d2_missing_principal_secret_or_azure_target_is_named(scenario_lab: Make) -> None:
    lab = scenario_lab("D2")
    missing_id = lab.run("arc-onboard")
    assert missing_id.code == 2
    assert "--service-principal-id" in missing_id.err
    assert "AZCM0016" in missing_id.err
    some_id = "0" * 8 + "-0000-0000-0000-" + "0" * 12
    no_secret = lab.run("arc-onboard", "--service-principal-id", some_id)
    assert no_secret.code == 2
    assert f"environment variable {SECRET_ENV} is not set" in no_secret.err
    data = yaml.safe_load(lab.inventory.read_text())
    del data["azure"]
    lab.inventory.write_text(yaml.safe_dump(data))
    no_target = lab.run("arc-onboard", "--service-principal-id", some_id)
    assert no_target.code == 2
    assert no_target.err.startswith("error: azure: ")
    assert "AZCM0016" in no_target.err


# --- D3 ----------------------------------------------------------------------------------------


def test_d3_network_failures_are_classified_with_the_endpoint_and_not_retried(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("D3")
    app_id, secret = lab.onboarding_secret()
    result = lab.run("arc-onboard", *connect_args(app_id), "--output", "json")
    assert result.code == 5, result.err
    doc = json.loads(result.out)
    assert set(states(doc).values()) == {NEEDS_OPERATOR}
    why = errors(doc)
    assert "[dns, not retryable] (endpoint login.windows.net)" in why["node1"]
    assert "[network, not retryable] (endpoint login.windows.net" in why["node2"]
    assert "[proxy-firewall, not retryable] (endpoint login.windows.net)" in why["node3"]
    attempts = {n["node"]: n["steps"][-1]["attempts"] for n in doc["nodes"]}
    assert attempts == dict.fromkeys(["node1", "node2", "node3"], 1)
    no_secret_anywhere(lab, secret, result.out, result.err)

    def open_the_firewall(world: LabWorld) -> None:
        for node in world.ordered_nodes():
            node.endpoints.clear()

    lab.edit(open_the_firewall)
    assert lab.run("arc-onboard", *connect_args(app_id)).code == 0
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


# --- D4 ----------------------------------------------------------------------------------------


def test_d4_a_wrong_secret_is_a_credential_error_and_never_printed(scenario_lab: Make) -> None:
    lab = scenario_lab("D4")
    app_id = lab.world().azure.apps_named(lab.world().target.tenant_id, "arc-onboarding")[0].app_id
    stale = "Stale-Secret-Value-123456"
    lab.monkeypatch.setenv(SECRET_ENV, stale)
    result = lab.run("arc-onboard", *connect_args(app_id), "--output", "json")
    assert result.code == 5
    doc = json.loads(result.out)
    for node, why in errors(doc).items():
        assert "Invalid service principal secret [credential, not retryable]" in why, node
    assert all(n["steps"][-1]["attempts"] == 1 for n in doc["nodes"])
    no_secret_anywhere(lab, stale, result.out, result.err)
    assert agent_status(lab.world()) == dict.fromkeys(["node1", "node2", "node3"], "Disconnected")

    unknown_app = "5b8d1b3c-1111-2222-3333-444455556666"  # a typo in the client ID
    typo = lab.run(
        "arc-onboard", *connect_args(unknown_app), "--limit", "node1", "--output", "json"
    )
    assert typo.code == 5
    why = errors(json.loads(typo.out))["node1"]
    assert "Entra ID application (cluster app or service principal) not found" in why
    assert "[credential, not retryable]" in why
    assert "orchestrate repair" not in why  # the HCI remedy does not apply to an agent

    _, fresh = lab.onboarding_secret()
    again = lab.run("arc-onboard", *connect_args(app_id))
    assert again.code == 0, again.out
    no_secret_anywhere(lab, fresh, again.out, again.err)
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


# --- D5 ----------------------------------------------------------------------------------------


def test_d5_missing_onboarding_role_is_named(scenario_lab: Make) -> None:
    lab = scenario_lab("D5", nodes=2)
    app_id, _ = lab.onboarding_secret()
    code, doc = lab.json("arc-onboard", *connect_args(app_id))
    assert code == 5
    for why in errors(doc).values():
        assert "action Microsoft.HybridCompute/machines/read" in why
        assert "Azure Connected Machine Onboarding" in why
        assert "not retryable" in why

    def grant(world: LabWorld) -> None:
        app = world.azure.apps[app_id]
        scope = (
            f"/subscriptions/{world.target.subscription_id}"
            f"/resourceGroups/{world.target.resource_group}"
        )
        world.azure.assign_role(app.sp_object_id, "Azure Connected Machine Onboarding", scope)

    lab.edit(grant)
    assert lab.run("arc-onboard", *connect_args(app_id)).code == 0
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


# --- D6 ----------------------------------------------------------------------------------------


def test_d6_unregistered_provider_blocks_then_a_blocked_arm_endpoint_is_named(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("D6")
    app_id, _ = lab.onboarding_secret()
    blocked = lab.run("arc-onboard", *connect_args(app_id))
    assert blocked.code == 1
    assert "Microsoft.HybridCompute (NotRegistered)" in blocked.out
    assert all(not n.mutations for n in lab.world().ordered_nodes())  # nothing touched

    def register(world: LabWorld) -> None:
        world.azure.subscriptions[world.target.subscription_id].providers[ARC_NAMESPACE] = (
            "Registered"
        )

    lab.edit(register)
    code, doc = lab.json("arc-onboard", *connect_args(app_id))
    assert code == 5
    assert states(doc) == {"node1": DONE, "node2": DONE, "node3": NEEDS_OPERATOR}
    assert "[proxy-firewall, not retryable] (endpoint management.azure.com)" in errors(doc)["node3"]

    def use_the_proxy(world: LabWorld) -> None:
        world.node("node3").arc_agent.active_proxy = "http://proxy.contoso.local:3128"

    lab.edit(use_the_proxy)
    assert lab.run("arc-onboard", *connect_args(app_id)).code == 0
    lab.plans_no_change("arc-onboard", *connect_args(app_id))


def test_d1_an_agent_connected_to_another_target_is_refused_with_both_named(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("D1")
    app_id, _ = lab.onboarding_secret()

    def moved(world: LabWorld) -> None:
        agent = world.node("node2").arc_agent
        agent.resource_group = "legacy-rg"
        agent.resource_id = agent.resource_id.replace("hci01-rg", "legacy-rg")

    lab.edit(moved)
    before = dict(lab.world().node("node2").mutations)
    code, doc = lab.json("arc-onboard", *connect_args(app_id))
    assert code == 5
    assert states(doc) == {"node1": DONE, "node2": NEEDS_OPERATOR, "node3": DONE}
    why = errors(doc)["node2"]
    assert "resource group 'legacy-rg' (requested 'hci01-rg')" in why
    assert "Nothing was changed" in why
    world = lab.world()
    assert world.node("node2").mutations == before
    assert world.node("node2").arc_agent.resource_group == "legacy-rg"
    code, plan = lab.json("arc-onboard", *connect_args(app_id), "--dry-run")  # refused again
    assert code == 5
    blocked = blocked_nodes(plan)
    assert list(blocked) == ["node2"]
    assert "resource group 'legacy-rg' (requested 'hci01-rg')" in blocked["node2"]
    assert lab.world().node("node2").mutations == before


def test_the_table_for_people_shows_the_whole_explanation(
    scenario_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per cell, to read it back
    lab = scenario_lab("D5", nodes=2)
    app_id, _ = lab.onboarding_secret()
    result = lab.run("arc-onboard", *connect_args(app_id), "--limit", "node1")
    assert result.code == 5
    assert "[permission, not retryable] (action Microsoft.HybridCompute/machines/read)" in (
        result.out
    )


def test_a_saved_plan_applies_with_the_secret_read_at_apply_time(scenario_lab: Make) -> None:
    lab = scenario_lab("D2", nodes=2)
    app_id, secret = lab.onboarding_secret()
    plan = lab.tmp / "plan.json"
    saved = lab.run("arc-onboard", *connect_args(app_id), "--dry-run", "--plan-out", str(plan))
    assert saved.code == 0, saved.err
    assert secret not in plan.read_text()  # only the variable's name is in the plan
    assert json.loads(plan.read_text())["options"]["secret_env"] == SECRET_ENV
    applied = lab.cli("apply", str(plan))
    assert applied.code == 0, applied.out + applied.err
    assert agent_status(lab.world()) == {"node1": "Connected", "node2": "Connected"}
    no_secret_anywhere(lab, secret, saved.out, saved.err, applied.out, applied.err)
