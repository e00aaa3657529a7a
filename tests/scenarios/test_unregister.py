"""`unregister` end to end from the lab faults of SCENARIOS.md B1-B4, C2 and C10, and in every
cloud with and without a separate Arc resource group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.engine.api import resume_run
from orchestrator.exitcodes import ExitCode
from orchestrator.lab.scenarios import register
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command
from tests.scenarios.support import (
    ARC_BY_CLUSTER_IDENTITY,
    MODULE_VERSIONS,
    NODES,
    REGIONS,
    WITH_ARC_APP,
    arc_machines,
    assert_plans_no_change,
    assert_refused_again,
    inventory_data,
    new_lab,
    planned_changes,
    steps,
    write_inventory_file,
)
from workflows import load_workflow

AGENT_LOG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"


def apps(world: LabWorld, cluster: str = "hci01") -> list[str]:
    with world.lock:
        return [
            a.display_name
            for name in (cluster, f"{cluster}.arc")
            for a in world.azure.apps_named(world.target.tenant_id, name)
        ]


def cluster_resource(world: LabWorld, group: str = "hci01-rg") -> object:
    sub = world.target.subscription_id
    return world.azure.find(
        f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.AzureStackHCI/clusters/hci01"
    )


def assert_fully_unregistered(world: LabWorld, arc_group: str = "hci01-rg") -> None:
    assert world.cluster.registration is None
    assert cluster_resource(world) is None
    assert arc_machines(world, arc_group) == []
    assert apps(world) == []
    assert {world.node(n).arc_agent.status for n in NODES} == {"Disconnected"}
    assert {world.node(n).arc_status for n in NODES} == {"Disabled"}


@pytest.mark.parametrize("cloud", sorted(REGIONS))
@pytest.mark.parametrize("separate_arc_group", [False, True], ids=["common-group", "arc-group"])
def test_unregister_in_every_cloud_with_and_without_a_separate_arc_group(
    tmp_path: Path, cloud: str, separate_arc_group: bool
) -> None:
    extra = {"arc_resource_group": "hci01-arc-rg"} if separate_arc_group else {}
    lab_ = new_lab(tmp_path, cloud=cloud, region=REGIONS[cloud], **extra)
    world = lab_.world
    with world.lock:
        registered = register(
            world, **({"ArcServerResourceGroupName": "hci01-arc-rg"} if extra else {})
        )
    assert registered.first["Result"] == "Success"
    arc_group = extra.get("arc_resource_group", "hci01-rg")
    assert arc_machines(world, arc_group) == list(NODES)

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["unregister"] == "changed"
    assert world.node("node1").mutations.get("unregister") == 1
    assert_fully_unregistered(world, arc_group)
    assert_plans_no_change(lab_, "unregister")


def test_b1_guard_refuses_a_request_that_differs_from_the_recorded_registration(
    tmp_path: Path, orchestrate, monkeypatch
) -> None:
    """The cluster is registered in one subscription; the inventory names another: refuse
    (exit 5) naming both values and the field to fix, before anything changes."""
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    good = write_inventory_file(tmp_path, inventory_data("E3"), "good")
    other = "0b0b0b0b-1111-4222-8333-444455556666"
    wrong = write_inventory_file(tmp_path, inventory_data("E3", subscription_id=other), "wrong")
    first = orchestrate(
        "unregister", "-i", str(good), "--dry-run"
    )  # the world is built from `good`
    assert first.code == 0, first.err

    refused = orchestrate("unregister", "-i", str(wrong), "--output", "json")

    assert refused.code == ExitCode.REFUSED
    node = json.loads(refused.out)["nodes"][0]
    assert node["state"] == "needs_operator"
    assert "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90" in node["error"]  # recorded
    assert other in node["error"]  # requested
    assert "set azure.subscription_id in" in node["error"]
    again = orchestrate("unregister", "-i", str(good), "--dry-run", "--output", "json")
    plan = json.loads(again.out)
    assert planned_changes(plan) == {
        ("node1", "unregister"): (
            "/subscriptions/6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90/resourceGroups/hci01-rg"
            "/providers/Microsoft.AzureStackHCI/clusters/hci01",
            "NotYet",
        )
    }  # still registered: the refusal changed nothing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tenant_id", "0c0c0c0c-1111-4222-8333-444455556666"),
        ("cloud", "AzureUSGovernment"),
        ("resource_group", "other-rg"),
    ],
)
def test_b1_guard_compares_tenant_cloud_and_group(tmp_path: Path, field: str, value: str) -> None:
    lab_ = new_lab(tmp_path, scenario="E3")
    extra = {field: value, **({"region": "usgovvirginia"} if field == "cloud" else {})}
    wrong = lab_.with_inventory(
        write_inventory_file(tmp_path, inventory_data("E3", **extra), "wrong")
    )

    outcome = wrong.run("unregister")

    assert outcome.exit_code is ExitCode.REFUSED
    assert f"azure.{field}" in (outcome.nodes[0].error or "")
    assert value in (outcome.nodes[0].error or "")
    assert lab_.world.cluster.registration is not None
    assert lab_.world.node("node1").mutations.get("unregister") is None
    assert_refused_again(wrong, "unregister", ExitCode.REFUSED, f"Fix: set azure.{field} in")


def test_b1_leftovers_are_refused_without_cleanup_azure_then_deleted_with_it(
    tmp_path: Path,
) -> None:
    lab_ = new_lab(tmp_path, scenario="B1")
    world = lab_.world
    assert world.cluster.registration is None
    assert cluster_resource(world) is not None

    refused = lab_.run("unregister")

    assert refused.exit_code is ExitCode.REFUSED
    error = refused.nodes[0].error or ""
    assert "--cleanup-azure" in error
    assert "machines/node2 in hci01-rg" in error
    assert cluster_resource(world) is not None
    assert arc_machines(world, "hci01-rg") == list(NODES)

    cleaned = lab_.run("unregister", cleanup_azure=True)

    assert cleaned.exit_code is ExitCode.OK, cleaned.nodes[0].error
    assert steps(cleaned)["orphaned_azure_resources"] == "changed"
    assert steps(cleaned)["delete_app_registrations"] == "changed"
    assert_fully_unregistered(world)
    assert world.node("node1").mutations.get("unregister", 0) == 1  # only the scenario's own
    assert_plans_no_change(lab_, "unregister", cleanup_azure=True)


def test_b1_cleanup_never_deletes_a_machine_another_cluster_owns(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="B1")
    world = lab_.world
    sub = world.target.subscription_id
    foreign = f"/subscriptions/{sub}/resourceGroups/hci02-rg/providers/Microsoft.AzureStackHCI/clusters/hci02"
    machine = world.azure.find(world.machine_id(world.node("node3"), sub, "hci01-rg"))
    assert machine is not None
    machine.properties["parentClusterResourceId"] = foreign

    outcome = lab_.run("unregister", cleanup_azure=True)

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert arc_machines(world, "hci01-rg") == ["node3"]
    assert cluster_resource(world) is None


def test_b2_cleans_up_the_node_that_cannot_disable_arc_then_unregisters(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="B2")
    world = lab_.world

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert outcome.nodes[0].reports["unregister"].attempts == 2  # failed once, remediated, retried
    assert world.node("node1").mutations.get("unregister") == 2
    node2 = world.node("node2")
    assert node2.mutations.get("azcmagent:disconnect") == 1  # --force-local-only by the remediation
    assert_fully_unregistered(world)
    assert_plans_no_change(lab_, "unregister")


def test_b2_retries_once_only_then_asks_an_operator(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="B2")
    world = lab_.world
    world.node("node2").faults.elevated = False  # azcmagent refuses (AZCM0018): cleanup fails

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.REFUSED
    assert world.node("node1").mutations.get("unregister") == 1
    assert "AZCM0018" in (outcome.nodes[0].error or "")
    assert world.cluster.registration is not None


@pytest.mark.parametrize("module", MODULE_VERSIONS)
def test_b3_portal_deleted_resource_unregisters_and_removes_both_apps(
    tmp_path: Path, module: str
) -> None:
    """Every version: the apps the model has are deleted. With the cluster's managed identity
    (2.2.3+) its deletion also takes the token Disable-AzureStackHCIArcIntegration needs: the
    unregister fails with B2 on every node, the B2 cleanup runs once, the unregister finishes."""
    lab_ = new_lab(tmp_path, scenario="B3", module_version=module)
    world = lab_.world
    assert apps(world) == (["hci01", "hci01.arc"] if module in WITH_ARC_APP else ["hci01"])

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["unregister"] == steps(outcome)["delete_app_registrations"] == "changed"
    assert_fully_unregistered(world)
    assert_plans_no_change(lab_, "unregister")


def test_b3_apps_with_an_ambiguous_name_are_left_for_a_person(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="B3")
    world = lab_.world
    world.azure.create_app(world.target.tenant_id, "hci01")  # someone else's app, same name

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.REFUSED
    assert "2 app registrations are named 'hci01'" in (outcome.nodes[0].error or "")
    assert sorted(apps(world)) == ["hci01", "hci01"]  # 2.6.0: no `<cluster>.arc` app
    assert_refused_again(lab_, "unregister", ExitCode.REFUSED, "2 app registrations are named")


def test_b4_operator_in_two_tenants_unregisters_with_the_explicit_tenant(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="B4")
    world = lab_.world
    bare = (
        LabTransport(world)
        .open("node1")
        .run(
            Command.cmdlet(
                "Unregister-AzStackHCI",
                ArmAccessToken=world.caller_token(),
                AccountId=world.target.caller_upn,
            )
        )
    )
    # the fault is real: the module's catch writes it as a host error line, no error record
    assert not bare.errors
    assert "multi-factor authentication" in bare.host_errors[0]

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert_fully_unregistered(world)
    assert_plans_no_change(lab_, "unregister")


def test_b4_an_inventory_without_tenant_is_refused_before_anything_runs(
    tmp_path: Path, orchestrate
) -> None:
    path = write_inventory_file(tmp_path, inventory_data("B4"))
    path.write_text(
        "\n".join(line for line in path.read_text().splitlines() if "tenant_id" not in line)
    )

    result = orchestrate("--state-dir", str(tmp_path / "state"), "unregister", "-i", str(path))

    assert result.code == ExitCode.USAGE
    assert "azure.tenant_id" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert not (tmp_path / "state" / "runs").exists()
    again = orchestrate(
        "--state-dir", str(tmp_path / "state"), "unregister", "-i", str(path), "--dry-run"
    )
    assert (again.code, again.err) == (result.code, result.err)  # refused the same way


@pytest.mark.parametrize("module", WITH_ARC_APP)
def test_c2_missing_arc_app_is_detected_and_arc_cleaned_up_before_unregistering(
    tmp_path: Path, module: str
) -> None:
    """C2 exists only where the model has an Arc app (before 2.2.3)."""
    lab_ = new_lab(tmp_path, scenario="C2", module_version=module)
    world = lab_.world

    plan = lab_.plan("unregister")
    before, _ = planned_changes(plan)[("node1", "arc_identity_gone_cleanup")]
    assert before == ",".join(NODES)

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert world.node("node1").mutations.get("unregister") == 1  # no failed attempt needed
    assert all(world.node(n).mutations.get("azcmagent:disconnect") for n in NODES)
    assert_fully_unregistered(world)
    assert_plans_no_change(lab_, "unregister")


def test_c10_unregister_update_module_then_register_in_a_common_group(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="C10")
    world = lab_.world
    assert arc_machines(world, "hci01-rg-arc") == list(NODES)
    seen = lab_.plan("unregister")
    reason = next(
        s["reason"] for s in seen["nodes"][0]["steps"] if s["step"] == "update_stackhci_module"
    )
    assert "1.4.1 keeps Arc machines in a separate group" in reason

    outcome = lab_.run("unregister", update_module=True)

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert world.node("node1").modules["Az.StackHCI"] == "2.6.0"
    assert world.node("node1").mutations.get("install:Az.StackHCI") == 1
    assert_fully_unregistered(world, "hci01-rg-arc")
    assert_plans_no_change(lab_, "unregister", update_module=True)
    with world.lock:  # the operator's last step (the register flow's job): a common group
        again = register(world, ArcServerResourceGroupName="hci01-rg")
    assert again.first["Result"] == "Success"
    assert arc_machines(world, "hci01-rg") == list(NODES)
    assert arc_machines(world, "hci01-rg-arc") == []


def test_the_access_token_never_reaches_the_journal_the_report_or_the_node_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab_ = new_lab(tmp_path, scenario="B2")  # a failed attempt too: its error text is journaled
    world = lab_.world
    issued: list[str] = []
    original = world.caller_token

    def spy(**kwargs: int) -> str:
        token = original(**kwargs)
        issued.append(token)
        return token

    monkeypatch.setattr(world, "caller_token", spy)

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK
    assert len(issued) == 2  # one per Unregister-AzStackHCI attempt
    journal = next((tmp_path / "state" / "runs").glob("*/journal.jsonl")).read_text()
    assert "Unregister-AzStackHCI" in journal  # the failed attempt's command is there, masked
    logs = "".join(f.content for f in world.node("node1").files.values())
    for token in issued:
        assert token not in journal
        assert token not in logs
        assert all(token not in (r.error or "") for r in outcome.nodes[0].reports.values())


def test_a_resume_after_a_crash_mid_unregister_never_unregisters_twice(tmp_path: Path) -> None:
    """The process died after Unregister-AzStackHCI returned and before the journal said so:
    the step is in doubt; its postcondition (Get-AzureStackHCI: NotYet) settles it."""
    lab_ = new_lab(tmp_path, scenario="E3")
    world = lab_.world
    outcome = lab_.run("unregister")
    assert outcome.run_id is not None
    journal = tmp_path / "state" / "runs" / outcome.run_id / "journal.jsonl"
    records = [json.loads(line) for line in journal.read_text().splitlines()]
    cut = next(
        i
        for i, r in enumerate(records)
        if r["type"] == "step_started" and r.get("step") == "unregister"
    )
    journal.write_text("".join(json.dumps(r) + "\n" for r in records[: cut + 1]))

    resumed = resume_run(
        outcome.run_id,
        state_dir=tmp_path / "state",
        argv=["resume"],
        load_flow=load_workflow,
        connector=lab_.connector,
    )

    assert resumed.exit_code is ExitCode.OK, resumed.nodes[0].error
    assert steps(resumed)["unregister"] == "reconciled"
    assert world.node("node1").mutations.get("unregister") == 1
    assert_fully_unregistered(world)


def test_a_known_unregister_failure_becomes_the_catalogs_instruction(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="E3")
    world = lab_.world
    arm = world.endpoints(world.target.cloud)["arm"]
    world.node("node1").endpoints[arm] = "dns_failure"

    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.REFUSED
    error = outcome.nodes[0].error or ""
    assert f"The remote name could not be resolved: '{arm}'" in error
    assert f"Run: orchestrate precheck -i {lab_.inventory.source}" in error
    assert world.cluster.registration is not None


def test_dry_run_shows_a_refusal_as_a_blocked_node_with_the_fix(
    tmp_path: Path, orchestrate
) -> None:
    path = str(write_inventory_file(tmp_path, inventory_data("B1")))
    state = ["--state-dir", str(tmp_path / "state")]

    plan = orchestrate(*state, "unregister", "-i", path, "--dry-run", "--output", "json")

    assert plan.code == ExitCode.REFUSED
    doc = json.loads(plan.out)
    assert doc["nodes"][0]["status"] == "blocked"
    assert "--cleanup-azure" in doc["nodes"][0]["reason"]
    with_cleanup = orchestrate(
        *state, "unregister", "-i", path, "--dry-run", "--cleanup-azure", "--detailed-exitcode"
    )
    assert with_cleanup.code == ExitCode.CHANGES_PENDING
    assert "2 to change" in with_cleanup.out  # the orphans, then the two app registrations


@pytest.mark.parametrize("module", ARC_BY_CLUSTER_IDENTITY)
def test_no_arc_app_is_no_damage_where_arc_uses_the_cluster_identity(
    tmp_path: Path, module: str
) -> None:
    """2.2.3+: there never was a `<cluster>.arc` app. The C2 step must not take its absence for
    damage: no `--force-local-only`, no machine deleted by the tool; Unregister-AzStackHCI
    disables Arc itself (with the metadata endpoint's token) and succeeds at once."""
    lab_ = new_lab(tmp_path, scenario="E3", module_version=module)
    world = lab_.world
    assert apps(world) == ["hci01"]

    plan = lab_.plan("unregister")
    assert ("node1", "arc_identity_gone_cleanup") not in planned_changes(plan)
    outcome = lab_.run("unregister")

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["arc_identity_gone_cleanup"] == "no-op"
    assert outcome.nodes[0].reports["unregister"].attempts == 1
    for name in NODES:
        log = world.node(name).files.get(AGENT_LOG)
        assert "(local only)" not in (log.content if log else "")
    assert_fully_unregistered(world)


def test_arc_machines_the_module_keeps_on_purpose_are_never_deleted(tmp_path: Path) -> None:
    """Az.StackHCI 2.6.3+ keeps the nodes' Arc machines when it unregisters (ChangeLog 2.6.3,
    PR #28612): even with --cleanup-azure only the HCI resource goes, the machines stay."""
    lab_ = new_lab(tmp_path, scenario="B1")
    world = lab_.world
    for name in NODES:
        world.node(name).modules["Az.StackHCI"] = "2.6.3"
    assert len(arc_machines(world, "hci01-rg")) == len(NODES)

    outcome = lab_.run("unregister", cleanup_azure=True)

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert cluster_resource(world) is None
    assert len(arc_machines(world, "hci01-rg")) == len(NODES)


def _foreign_resource_at_our_coordinates(world: LabWorld, cluster_id: str | None) -> None:
    """The HCI resource at the inventory's coordinates is another cluster's: no arcSettings
    (deleted, or never integrated), its reported cluster ID someone else's (or none)."""
    resource = cluster_resource(world)
    assert resource is not None
    world.azure.remove(f"{resource.id}/arcSettings/default")
    reported = resource.properties.get("reportedProperties")
    if cluster_id is None:
        resource.properties.pop("reportedProperties", None)
    else:
        assert isinstance(reported, dict)
        reported["clusterId"] = cluster_id


@pytest.mark.parametrize(
    "cluster_id",
    ["0b0b0b0b-0000-4000-8000-000000000002", None],
    ids=["another-cluster", "never-synced"],
)
def test_cleanup_azure_refuses_a_cluster_resource_it_cannot_prove_is_ours(
    tmp_path: Path, cluster_id: str | None
) -> None:
    """Issue 17 defect 12: the HCI resource at the inventory's coordinates was deleted when its
    arcSettings were absent or listed only inventory node names; names prove nothing."""
    lab_ = new_lab(tmp_path, scenario="B1")
    world = lab_.world
    _foreign_resource_at_our_coordinates(world, cluster_id)

    outcome = lab_.run("unregister", cleanup_azure=True)

    assert outcome.exit_code is ExitCode.REFUSED
    error = outcome.nodes[0].error or ""
    assert "cannot be proven to be this cluster's" in error
    assert world.cluster_id() in error  # says what it compared
    assert cluster_resource(world) is not None  # nothing deleted
    assert arc_machines(world, "hci01-rg") == list(NODES)
