"""Issue 13 item 3/5: `arc-initialize` registers Azure Local machines Arc-first, every node in
parallel, and stops each documented failure before (or where) it bites (docs/scenarios.md F1-F7)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.catalog.classify import diagnose
from orchestrator.catalog.loader import load_catalog
from orchestrator.engine.compile import DONE, FAILED
from orchestrator.exitcodes import ExitCode
from orchestrator.lab.world import LabWorld
from orchestrator.transport.scripts import HTTPS_PROBES
from tests.conftest import CliResult
from tests.scenarios.support import (
    Lab,
    ScenarioLab,
    assert_plans_no_change,
    assert_refused_again,
    blocked_nodes,
    commands_per_node,
    failing,
    inventory_data,
    new_lab,
    steps,
    write_inventory_file,
)

FLOW = "arc-initialize"
EXTENSIONS = (
    "AzureEdgeTelemetryAndDiagnostics",
    "AzureEdgeDeviceManagement",
    "AzureEdgeLifecycleManager",
    "AzureEdgeRemoteSupport",
)
GATEWAY = (
    "/subscriptions/6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90/resourceGroups/arcgw-rg"
    "/providers/Microsoft.HybridCompute/gateways/arcgw"
)


def _extension_states(world: LabWorld, node: str) -> dict[str, str]:
    machine = world.node(node).arc_agent.resource_id.lower()
    return {
        r.name: r.properties["provisioningState"]
        for key, r in world.azure.resources.items()
        if key.startswith(machine + "/extensions/")
    }


def test_f1_every_machine_is_registered_and_waits_for_its_extensions(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F1")
    started = lab.world.now()

    outcome = lab.run(FLOW)

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.nodes]
    assert {r.name: r.state for r in outcome.nodes} == {
        n: DONE for n in ("node1", "node2", "node3", "node4")
    }
    waited = []
    for node in ("node1", "node2", "node3", "node4"):
        done = steps(outcome, node)
        assert done["arc_initialization"] == "changed"
        # the clock is shared: a node checked after another one's wait may find them done;
        # waiting changes nothing, so it is never reported "changed" (issue 15.6)
        assert done["mandatory_extensions"] in ("waited", "no-op")
        waited.append(done["mandatory_extensions"] == "waited")
        agent = lab.node(node).arc_agent
        assert agent.status == "Connected"
        assert agent.resource_group == "hci01-rg"
        assert _extension_states(lab.world, node) == dict.fromkeys(EXTENSIONS, "Succeeded")
        assert lab.node(node).mutations["arc-initialization"] == 1
    assert any(waited)
    # the extensions took virtual time: the run waited for the last one (4 x 3 min, lab)
    assert (lab.world.now() - started).total_seconds() >= 4 * 180
    assert_plans_no_change(lab, FLOW)


def test_f1_the_token_never_reaches_the_journal_or_the_plan(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F1")
    token, _account = lab.connector.azure().access_token()
    plan = lab.plan(FLOW)
    outcome = lab.run(FLOW)
    assert outcome.exit_code is ExitCode.OK
    journal = (lab.state_dir / "runs" / str(outcome.run_id) / "journal.jsonl").read_text()
    assert token[:24] not in journal
    assert token[:24] not in str(plan)


def test_f2_a_machine_registered_elsewhere_is_refused_and_left_alone(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F2")
    before = lab.node("node2").arc_agent.resource_id

    outcome = lab.run(FLOW)

    blocked = failing(outcome)
    result = blocked[("node2", "arc-agent")]
    assert "already registered elsewhere" in result.observed
    assert "azlocal-old-rg" in result.observed
    assert "install the operating system again" in (result.remediation or "")
    assert lab.node("node2").arc_agent.resource_id == before
    assert "arc-initialization" not in lab.node("node2").mutations
    assert {r.name: r.state for r in outcome.nodes}["node1"] == DONE
    assert_refused_again(lab, FLOW, 4, "arc-agent: already registered elsewhere")


def test_f3_a_clock_off_by_minutes_blocks_that_machine(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F3")
    plan = lab.plan(FLOW)
    assert "clock-skew" in blocked_nodes(plan)["node1"]
    assert "node2" not in blocked_nodes(plan)


def test_f4_tls_inspection_is_named_with_microsofts_requirement(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F4")
    outcome = lab.run(FLOW)
    result = failing(outcome)[("node2", "azure-local-endpoints")]
    assert result.observed == (
        "tls: login.microsoftonline.com, login.windows.net, management.azure.com (direct)"
    )
    assert "doesn't support HTTPS inspection" in (result.remediation or "")
    assert "arc-initialization" not in lab.node("node2").mutations
    assert_refused_again(lab, FLOW, 4, "azure-local-endpoints: tls")


def test_f5_a_failed_extension_stops_that_machine_with_its_message(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F5")
    outcome = lab.run(FLOW)
    states = {r.name: r.state for r in outcome.nodes}
    assert states["node2"] == FAILED
    assert states["node1"] == DONE
    assert outcome.exit_code is ExitCode.PARTIAL
    error = next(r for r in outcome.nodes if r.name == "node2").error or ""
    assert "AzureEdgeLifecycleManager" in error
    assert "Enable command timed out" in error
    assert lab.node("node2").mutations["arc-initialization"] == 1


def test_f6_missing_provider_and_roles_block_every_machine_before_any_change(
    tmp_path: Path,
) -> None:
    lab = new_lab(tmp_path, "F6")
    outcome = lab.run(FLOW)
    assert outcome.exit_code is ExitCode.FAILED
    results = {r.check: r for r in outcome.cluster_results}
    assert "Microsoft.HybridConnectivity" in results["resource-providers"].observed
    permissions = results["azure-permissions"]
    assert "Microsoft.HybridCompute/machines/write" in permissions.observed
    assert "Azure Connected Machine Onboarding" in (permissions.remediation or "")
    assert all("arc-initialization" not in n.mutations for n in lab.world.ordered_nodes())
    assert_refused_again(lab, FLOW, 1, "resource-providers")


def test_on_azure_stack_hci_22h2_arc_initialize_is_refused(tmp_path: Path) -> None:
    from orchestrator.errors import RefusedError

    lab = new_lab(tmp_path)
    with pytest.raises(RefusedError, match="arc-initialize is for Azure Local 23H2 and later"):
        lab.run(FLOW)


def test_cli_dry_run_plans_every_node_and_bad_input_exits_2(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "home"))
    inventory = write_inventory_file(tmp_path, inventory_data("F1", nodes=2))

    result = orchestrate("arc-initialize", "-i", str(inventory), "--dry-run", "--output", "json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["workflow"]["name"] == FLOW
    assert {n["node"]: [s["action"] for s in n["steps"]] for n in plan["nodes"]} == {
        "node1": ["change", "change"],
        "node2": ["change", "change"],
    }

    for flags, field in (
        (("--proxy-bypass", "node1,10.0.0.0/24"), "--proxy-bypass"),
        (("--proxy-bypass", "node1"), "--proxy-bypass"),
        (("--arc-gateway-id", "gw1"), "--arc-gateway-id"),
    ):
        bad = orchestrate("arc-initialize", "-i", str(inventory), *flags, "--yes")
        assert bad.code == 2, bad.err
        assert bad.err.count("\n") == 1
        assert field in bad.err
        assert "Traceback" not in bad.err
    assert not (tmp_path / "home" / "runs").exists()


def test_cli_with_the_arc_gateway_probes_the_reduced_list(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "home"))
    inventory = write_inventory_file(tmp_path, inventory_data("F1", nodes=2))
    gateway = GATEWAY
    plain = orchestrate("arc-initialize", "-i", str(inventory), "--dry-run", "--output", "json")
    via = orchestrate(
        "arc-initialize",
        "-i",
        str(inventory),
        "--dry-run",
        "--output",
        "json",
        "--arc-gateway-id",
        gateway,
    )
    assert plain.code == 0, plain.err
    assert via.code == 0, via.err
    assert json.loads(via.out)["options"]["arc_gateway_id"] == gateway


def test_the_arc_gateway_list_leaves_out_endpoints_the_gateway_carries(tmp_path: Path) -> None:
    lab = new_lab(tmp_path, "F1")
    lab.node("node2").endpoints["pas.windows.net"] = "firewall_drop"  # carried by the gateway

    without = lab.plan(FLOW)
    with_gateway = lab.plan(FLOW, arc_gateway_id=GATEWAY)

    assert "firewall: pas.windows.net" in blocked_nodes(without)["node2"]
    assert "node2" not in blocked_nodes(with_gateway)


def test_status_on_azure_local_shows_arc_state_and_extensions(tmp_path: Path) -> None:
    """Issue 13.4: per machine its Arc state, extensions and states; no 22H2-era advice."""
    lab = new_lab(tmp_path, "F5")

    before = lab.checks("status")
    row = before[("node1", "azure-local")]
    assert row.status.value == "warn"
    assert "orchestrate arc-initialize" in (row.remediation or "")
    assert before[("node1", "registration")].status.value == "skipped"  # not "orchestrate register"
    assert before[("node1", "arc")].status.value == "skipped"

    lab.run(FLOW)
    after = lab.checks("status")
    healthy = after[("node1", "azure-local")]
    assert healthy.status.value == "pass"
    assert "AzureEdgeLifecycleManager Succeeded" in healthy.observed
    assert "no cluster deployed yet" in healthy.observed
    broken = after[("node2", "azure-local")]
    assert broken.status.value == "fail"
    assert "AzureEdgeLifecycleManager Failed" in broken.observed
    assert "AzureEdgeLifecycleManager" in (broken.remediation or "")


def test_a_gateway_plan_applies_with_the_gateway_list_it_was_planned_with(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    """The plan is the contract: `apply` of a plan made with --arc-gateway-id probes the
    gateway's reduced list, as the plan did (pas.windows.net is carried by the gateway)."""
    lab = scenario_lab("F1", nodes=2)
    lab.edit(
        lambda world: world.node("node2").endpoints.update({"pas.windows.net": "firewall_drop"})
    )
    plan = lab.tmp / "plan.json"
    saved = lab.run(
        "arc-initialize", "--arc-gateway-id", GATEWAY, "--dry-run", "--plan-out", str(plan)
    )
    assert saved.code == 0, saved.out + saved.err

    applied = lab.cli("apply", str(plan), "--yes")

    assert applied.code == 0, applied.out + applied.err
    assert lab.world().node("node2").arc_agent.status == "Connected"


def test_a_gateway_run_resumes_with_the_gateway_list_it_started_with(tmp_path: Path) -> None:
    """`resume` re-checks a blocked node with the endpoint set the run started with."""
    from orchestrator.engine.api import resume_run
    from workflows import load_workflow

    lab = new_lab(tmp_path, "F1")
    lab.node("node2").endpoints["pas.windows.net"] = "firewall_drop"  # carried by the gateway
    lab.node("node2").clock_offset_s = 420.0  # blocks node2 on the first run
    first = lab.run(FLOW, arc_gateway_id=GATEWAY)
    assert ("node2", "clock-skew") in failing(first)
    lab.node("node2").clock_offset_s = 0.0

    resumed = resume_run(
        str(first.run_id),
        state_dir=lab.state_dir,
        argv=["resume"],
        load_flow=load_workflow,
        connector=lab.connector,
    )

    assert {r.name: r.state for r in resumed.nodes}["node2"] == DONE, failing(resumed)


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize(
    ("options", "field", "says"),
    [
        ({"arc_gateway_id": "gw1"}, "options.arc_gateway_id", "not an Arc gateway resource ID"),
        ({"proxy_bypass": "node1,node2,10.0.0.0/24"}, "options.proxy_bypass", "CIDR"),
        ({"proxy_bypass": "node1,node2,<local>"}, "options.proxy_bypass", "'<local>'"),
        ({"proxy_bypass": "node1"}, "options.proxy_bypass", "(node2)"),
    ],
)
def test_the_ansible_task_validates_gateway_and_bypass_like_the_cli(
    tmp_path: Path, check_mode: bool, options: dict[str, str], field: str, says: str
) -> None:
    """Issue 13 (Ansible): the module refuses the shapes `orchestrate arc-initialize` refuses,
    with the same text, naming the module's option; nothing is journaled or changed."""
    from orchestrator.task import TaskRequest, run_task

    data = inventory_data("F1", nodes=2)
    result = run_task(
        TaskRequest(
            flow=FLOW,
            state_dir=tmp_path / "state",
            inventory_data=data,
            options=options,
            check_mode=check_mode,
        )
    )

    assert result["failed"] is True
    assert result["exit_code"] == 2
    assert result["msg"].startswith(f"{field}: ")
    assert says in result["msg"]
    assert "\n" not in result["msg"]
    assert not (tmp_path / "state" / "runs").exists()


def _gateway_host(lab: Lab) -> str:
    machine = lab.world.azure.find(GATEWAY)
    assert machine is not None
    return str(machine.properties["gatewayEndpoint"]).removeprefix("https://")


def test_with_the_arc_gateway_the_gateways_own_host_is_probed(tmp_path: Path) -> None:
    """Issue 13 (gateway probe): the host ARM returns as the gateway's gatewayEndpoint
    (<gatewayId>.gw.arc.azure.com, Microsoft's row 9) is probed from every node."""
    lab = new_lab(tmp_path, "F1")
    host = _gateway_host(lab)
    assert host.endswith(".gw.arc.azure.com")
    lab.node("node2").endpoints[host] = "firewall_drop"

    plan = lab.plan(FLOW, arc_gateway_id=GATEWAY)

    assert f"firewall: {host}" in blocked_nodes(plan)["node2"]
    assert "node1" not in blocked_nodes(plan)
    assert "node2" not in blocked_nodes(lab.plan(FLOW))  # without the gateway: not needed


@pytest.mark.parametrize(
    ("gateway", "says"),
    [
        (
            GATEWAY.replace("gateways/arcgw", "gateways/nogw"),
            "no Arc gateway nogw in resource group arcgw-rg",
        ),
        (
            GATEWAY.replace(
                "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90", "0" * 8 + "-0000-0000-0000-" + "0" * 12
            ),
            "not 6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
        ),
    ],
)
def test_a_missing_or_foreign_arc_gateway_blocks_every_node(
    tmp_path: Path, gateway: str, says: str
) -> None:
    lab = new_lab(tmp_path, "F1")
    outcome = lab.run(FLOW, arc_gateway_id=gateway)
    blocked = failing(outcome)
    assert {node for node, check in blocked if check == "azure-local-endpoints"} == {
        "node1",
        "node2",
        "node3",
        "node4",
    }
    assert says in blocked[("node1", "azure-local-endpoints")].observed
    assert all("arc-initialization" not in n.mutations for n in lab.world.ordered_nodes())


def test_in_azure_government_the_us_gov_virginia_list_is_probed(tmp_path: Path) -> None:
    """Issue 13 (clouds): AzureUSGovernment has Microsoft's US Gov Virginia list (Azure/
    AzureStack-Tools HCI/usgovvirginia-hci-endpoints), not AzureCloud's hosts."""
    lab = new_lab(tmp_path, "F1", cloud="AzureUSGovernment")
    lab.node("node2").endpoints["usgv.his.arc.azure.us"] = "firewall_drop"
    lab.node("node3").endpoints["gbl.his.arc.azure.com"] = "firewall_drop"  # AzureCloud's host

    plan = lab.plan(FLOW)

    assert "firewall: usgv.his.arc.azure.us" in blocked_nodes(plan)["node2"]
    assert "node3" not in blocked_nodes(plan)
    assert "node1" not in blocked_nodes(plan)


@pytest.mark.parametrize(
    ("azure", "field", "says"),
    [
        (
            {"cloud": "AzureChinaCloud"},
            "azure.cloud",
            "Azure Local isn't offered in AzureChinaCloud",
        ),
        (
            {"cloud": "AzureUSGovernment", "region": "usgovtexas"},
            "azure.region",
            "US Gov Virginia (usgovvirginia) only",
        ),
    ],
)
def test_a_cloud_or_region_without_azure_local_is_refused_as_bad_input(
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    azure: dict[str, str],
    field: str,
    says: str,
) -> None:
    """No invented endpoints: where Microsoft documents no Azure Local, arc-initialize exits 2
    naming the field, on the command line and in the Ansible task; nothing is journaled."""
    from orchestrator.task import TaskRequest, run_task

    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "home"))
    data = inventory_data("F1", nodes=2, **azure)
    inventory = write_inventory_file(tmp_path, data)

    result = orchestrate("arc-initialize", "-i", str(inventory), "--yes")
    task = run_task(TaskRequest(flow=FLOW, state_dir=tmp_path / "state", inventory_data=data))

    assert result.code == 2, result.out + result.err
    assert result.err.count("\n") == 1
    assert field in result.err
    assert says in result.err
    assert "Traceback" not in result.err
    assert task["failed"] is True
    assert task["exit_code"] == 2
    assert field in task["msg"]
    assert says in task["msg"]
    assert not (tmp_path / "home" / "runs").exists()
    assert not (tmp_path / "state" / "runs").exists()


def test_f7_a_machine_timed_by_its_cmos_clock_is_blocked_with_microsofts_fix(
    tmp_path: Path,
) -> None:
    """Issue 13 (time): Microsoft's install page says "Configure a valid time server on each
    machine. Validate that your machine is not using the local CMOS clock as a time source"
    (`w32tm /query /status`); the time zone is the operator's choice (Configurator app)."""
    lab = new_lab(tmp_path, "F7")

    outcome = lab.run(FLOW)

    result = failing(outcome)[("node4", "time-source")]
    assert result.observed == "Source: Local CMOS Clock"
    assert "w32tm /config /manualpeerlist:" in (result.remediation or "")
    assert "arc-initialization" not in lab.node("node4").mutations
    assert {r.name: r.state for r in outcome.nodes}["node1"] == DONE
    assert ("node1", "time-source") not in failing(outcome)
    assert_refused_again(lab, FLOW, 4, "time-source: Source: Local CMOS Clock")


def test_the_gateway_list_is_microsofts_current_not_redirected_table(tmp_path: Path) -> None:
    """deployment-azure-arc-gateway-overview.md (ms.date 11/26/2025), "Azure Local endpoints
    not redirected", rows 1-7 (Bootstrap, Arc registration): aka.ms must be open with the
    gateway; go.microsoft.com (an older version's row) is carried by it now."""
    lab = new_lab(tmp_path, "F1")
    lab.node("node2").endpoints["aka.ms"] = "firewall_drop"
    lab.node("node3").endpoints["go.microsoft.com"] = "firewall_drop"

    plan = lab.plan(FLOW, arc_gateway_id=GATEWAY)

    assert "firewall: aka.ms" in blocked_nodes(plan)["node2"]
    assert "node3" not in blocked_nodes(plan)


# Microsoft's per-region Azure Local endpoint lists (Azure/AzureStack-Tools @ 72dae15c,
# HCI/<Region>endpoints/*-hci-endpoints.md, "last updated on November 27th, 2025"): the regional
# hybrid identity service host is written with a short code, login and guest configuration with
# the region name.
REGION_LISTS = {
    "eastus": "eus",
    "westeurope": "weu",
    "australiaeast": "ae",
    "southeastasia": "sea",
    "centralindia": "pn",
    "canadacentral": "cc",
    "japaneast": "je",
    "southcentralus": "scus",
}


@pytest.mark.parametrize(("region", "code"), sorted(REGION_LISTS.items()))
def test_the_regional_hosts_are_those_microsofts_region_list_names(
    tmp_path: Path, region: str, code: str
) -> None:
    """A healthy machine is not blocked by a regional name that does not exist (the lab's DNS
    knows only Microsoft's names in the HIS zone), and a firewall that drops the regional HIS,
    login or guest configuration host Microsoft lists for the region is caught, by that name."""
    lab = new_lab(tmp_path, "F1", region=region)
    lab.node("node2").endpoints[f"{code}.his.arc.azure.com"] = "firewall_drop"
    lab.node("node3").endpoints[f"{region}.login.microsoft.com"] = "firewall_drop"
    lab.node("node4").endpoints[f"{region}-gas.guestconfiguration.azure.com"] = "firewall_drop"

    plan = lab.plan(FLOW)
    via_gateway = lab.plan(FLOW, arc_gateway_id=GATEWAY)

    blocked = blocked_nodes(plan)
    assert "node1" not in blocked, blocked.get("node1")
    assert f"firewall: {code}.his.arc.azure.com" in blocked["node2"]
    assert f"firewall: {region}.login.microsoft.com" in blocked["node3"]
    assert f"firewall: {region}-gas.guestconfiguration.azure.com" in blocked["node4"]
    # With the gateway, Microsoft's "not redirected" rows: the regional HIS and login hosts.
    assert "node1" not in blocked_nodes(via_gateway), blocked_nodes(via_gateway).get("node1")
    assert f"firewall: {code}.his.arc.azure.com" in blocked_nodes(via_gateway)["node2"]
    assert "node4" not in blocked_nodes(via_gateway)


def test_a_region_without_a_microsoft_list_probes_the_global_his_host_only_and_says_so(
    tmp_path: Path,
) -> None:
    """No Microsoft list names the regional HIS host of a region outside the eight, so it is
    not guessed (the plan says it was not probed); gbl.his.arc.azure.com still is."""
    lab = new_lab(tmp_path, "F1", region="eastus2")
    lab.node("node3").endpoints["gbl.his.arc.azure.com"] = "firewall_drop"

    plan = lab.plan(FLOW)

    blocked = blocked_nodes(plan)
    assert "node1" not in blocked, blocked.get("node1")
    assert "firewall: gbl.his.arc.azure.com" in blocked["node3"]
    node1 = next(n for n in plan["nodes"] if n["node"] == "node1")
    (concern,) = [c for c in node1["prechecks"] if c["check"] == "azure-local-endpoints"]
    assert concern["status"] == "warn"
    assert "not probed: {region}.his.arc.azure.com" in concern["observed"]
    assert "no Azure Local endpoint list for eastus2" in concern["observed"]


def test_a_machine_probes_microsofts_whole_list_in_one_remote_call(tmp_path: Path) -> None:
    """Issue 16.5 for the Arc-first path: the Azure Local endpoint check sends the node one call
    (the fixed HTTPS_PROBES script, the hosts as its -Uri parameter), not one Invoke-WebRequest per
    host, and still names the blocked host."""
    lab = new_lab(tmp_path, "F1")
    lab.node("node2").endpoints["management.azure.com"] = "firewall_drop"
    sent = commands_per_node(lab)

    plan = lab.plan(FLOW)

    assert "firewall: management.azure.com" in blocked_nodes(plan)["node2"]
    for node in ("node1", "node2", "node3", "node4"):
        names = [c.name for c in sent[node]]
        assert "Invoke-WebRequest" not in names, node
        probes = [c for c in sent[node] if c.name == HTTPS_PROBES.name]
        assert any("https://gbl.his.arc.azure.com" in (c.param("Uri") or ()) for c in probes), node


@pytest.mark.parametrize(
    ("row", "text", "signature", "family"),
    [
        # azcmagent connect on a machine already connected (Microsoft's azcmagent error table).
        (
            "F2",
            "AZCM0067: The agent is already connected to Azure",
            "azcm0067-already-connected",
            None,
        ),
        # Token time claims checked against a wrong node clock (Entra error-code reference).
        (
            "F3",
            "AADSTS700024: Client assertion is not within its valid time range.",
            None,
            "token-time",
        ),
        # A TLS-inspecting proxy's certificate, as Go (azcmagent) words it.
        ("F4", "x509: certificate signed by unknown authority", None, "tls-untrusted"),
        (
            "F6",
            "The subscription is not registered to use namespace 'Microsoft.HybridConnectivity'",
            "rp-not-registered",
            None,
        ),
        (
            "F7",
            "AADSTS700024: Client assertion is not within its valid time range.",
            None,
            "token-time",
        ),
    ],
)
def test_each_arc_first_failure_row_has_a_catalog_answer(
    row: str, text: str, signature: str | None, family: str | None
) -> None:
    """Issue 13 item 5: the failure a documented Arc-first scenario produces, pasted into
    `diagnose`, gets the catalog's answer: the exact signature tagged with the row, or the error
    family that names it."""
    answer = diagnose(text)
    if signature is not None:
        assert row in load_catalog().get(signature).scenarios
        assert signature in {m.signature.id for m in answer.exact}
    else:
        assert answer.family == family
