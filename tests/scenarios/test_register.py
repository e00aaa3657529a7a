"""SCENARIOS.md rows A1-A11, C5 and C11 through the register flow: from the lab fault to the
outcome the table asks for, the lab's final state, and a second plan with nothing to change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from orchestrator.exitcodes import ExitCode
from tests.scenarios.support import (
    Lab,
    assert_refused_again,
    changes,
    failing,
    inventory_data,
    new_lab,
    steps,
)
from workflows import load_workflow
from workflows.prepare import WORKFLOW as PREPARE
from workflows.register import WORKFLOW

REGISTER_STEPS = ("machine_proxy", "resource_providers", "registration", "arc_integration")


def _assert_fully_registered(lab: Lab) -> None:
    world = lab.world
    reg = world.cluster.registration
    assert reg is not None
    assert world.azure.find(reg.resource_id) is not None
    for node in world.ordered_nodes():
        assert node.arc_status == "Enabled"
        assert world.portal_arc_state(node) == "Connected"
    assert changes(lab.plan(WORKFLOW)) == 0


def _blocked(lab: Lab) -> dict:
    """Run register, expect pre-checks to block it: (node, check) -> the failing result."""
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    return failing(outcome)


def _assert_blocked_before_any_change(lab: Lab, reason: str) -> None:
    """Nothing changed in Azure, and a second run is blocked again for `reason`."""
    _assert_nothing_changed_in_azure(lab)
    assert_refused_again(lab, WORKFLOW, ExitCode.FAILED, reason)


def _assert_nothing_changed_in_azure(lab: Lab) -> None:
    world = lab.world
    assert world.cluster.registration is None
    assert not any(
        "microsoft.azurestackhci/clusters" in rid.lower() for rid in world.azure.resources
    )
    assert all(n.mutations.get("register", 0) == 0 for n in world.ordered_nodes())


@pytest.mark.parametrize("cloud", ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"])
@pytest.mark.parametrize("arc_group", [None, "hci01-arc-rg"])
def test_register_in_every_cloud_with_and_without_a_separate_arc_group(tmp_path, cloud, arc_group):
    lab = new_lab(tmp_path, cloud=cloud, arc_resource_group=arc_group)
    assert changes(lab.plan(WORKFLOW)) == 2  # registration and Arc
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK
    assert steps(outcome)["registration"] == "changed"
    reg = lab.world.cluster.registration
    assert reg is not None
    assert (reg.cloud, reg.region) == (cloud, inventory_data(cloud=cloud)["azure"]["region"])
    assert reg.arc_resource_group == (arc_group or "hci01-rg")
    for node in lab.world.ordered_nodes():
        assert node.arc_agent.resource_group == reg.arc_resource_group
        assert node.mutations.get("register", 0) == (1 if node.name == "node1" else 0)
    _assert_fully_registered(lab)
    # a second run changes nothing and calls no cmdlet that mutates
    again = lab.run(WORKFLOW)
    assert again.exit_code is ExitCode.OK
    assert set(steps(again).values()) == {"no-op"}
    assert lab.node("node1").mutations.get("register", 0) == 1


def test_a1_stopped_hcisvc_blocks_before_any_change_naming_node_and_fix(tmp_path):
    lab = new_lab(tmp_path, "A1")
    blocked = _blocked(lab)
    assert list(blocked) == [("node2", "service:hcisvc")]
    assert "Start-Service -Name hcisvc" in blocked[("node2", "service:hcisvc")].remediation
    assert "orchestrate prepare" in blocked[("node2", "service:hcisvc")].remediation
    assert lab.node("node2").services["hcisvc"].running is False
    _assert_blocked_before_any_change(lab, "service:hcisvc")
    # the fix it names: prepare starts hcisvc, then register goes through
    assert lab.run(PREPARE).exit_code is ExitCode.OK
    assert lab.run(WORKFLOW).exit_code is ExitCode.OK
    _assert_fully_registered(lab)


def test_a2_unreachable_node_blocks_with_its_name_and_the_transport_error(tmp_path):
    lab = new_lab(tmp_path, "A2")
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    result = failing(outcome)[("node4", "reachability")]
    assert "WinRM cannot complete the operation" in result.observed
    assert "New-PSSession -ComputerName node4.contoso.local" in result.remediation
    # the cluster step on node1 is blocked by node4, and says so (not "node1 unreachable")
    assert outcome.nodes[0].error.startswith("node4/reachability: unreachable: WinRM")
    _assert_blocked_before_any_change(lab, "node4/reachability: unreachable")


def test_a3_firewall_drop_is_found_per_node_with_the_endpoints_named(tmp_path):
    lab = new_lab(tmp_path, "A3")
    blocked = _blocked(lab)
    assert list(blocked) == [("node2", "connectivity")]
    observed = blocked[("node2", "connectivity")].observed
    assert observed == "firewall: login.microsoftonline.com, dp.stackhci.azure.com (direct)"
    assert "allow outbound HTTPS" in blocked[("node2", "connectivity")].remediation
    _assert_blocked_before_any_change(lab, "connectivity: firewall")


def test_a4_transient_token_failure_is_retried_to_success(tmp_path):
    lab = new_lab(tmp_path, "A4")
    start = lab.world.now()
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK
    assert steps(outcome)["registration"] == "changed"
    # the first call failed after hcisvc's own retries, the wait was virtual, the second landed
    assert lab.node("node1").mutations.get("register", 0) == 2
    assert lab.world.now() - start >= timedelta(seconds=60)  # waited, in virtual time
    journal = (tmp_path / "state" / "runs" / outcome.run_id / "journal.jsonl").read_text()
    records = [json.loads(line) for line in journal.splitlines()]
    failed = next(r for r in records if r["type"] == "remediation_started")
    assert failed["remediation"] == "retry_after_transient_token_fetch"
    _assert_fully_registered(lab)


def test_a4_token_service_down_for_good_stops_after_two_waits_showing_the_aad_exception(tmp_path):
    lab = new_lab(tmp_path, "A4")
    lab.node("node1").faults.aad_transient_failures = 100
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.REFUSED  # a person looks; the journal allows a resume
    error = outcome.nodes[0].reports["registration"].error
    assert "ExecuteWithRetry operation AADTokenFetch failed after all retries" in error
    assert "temporarily_unavailable" in error
    assert lab.node("node1").mutations.get("register") == 3  # first call and two retries
    assert lab.world.cluster.registration is None


def test_a4_permanent_cause_behind_exhausted_retries_is_not_retried(tmp_path):
    """A wrong clock also ends in "failed after all retries", but its cause is AADSTS700027:
    waiting cannot fix it, so the transient-retry remediation must not match."""
    from orchestrator.steps.registration import RegistrationFailed, RetryAfterTransientTokenFetch

    permanent = RegistrationFailed(
        "Failed to register.",
        (
            "Set-AzureStackHCIRegistrationCertificate failed on node1: ExecuteWithRetry operation "
            "AADTokenFetch failed after all retries. Exception: AADSTS700027: Client assertion "
            "contains an invalid signature.",
        ),
    )
    assert not RetryAfterTransientTokenFetch().matches(permanent)


@pytest.mark.parametrize("scenario", ["A5", "C11"])
def test_a5_c11_skewed_clock_blocks_with_prepare_as_the_fix(tmp_path, scenario):
    lab = new_lab(tmp_path, scenario)
    result = _blocked(lab)[("node1", "clock-skew")]
    assert result.observed == "+420.0 s"
    assert "orchestrate prepare" in result.remediation
    _assert_blocked_before_any_change(lab, "clock-skew: +420.0 s")
    assert lab.run(PREPARE).exit_code is ExitCode.OK  # w32tm /resync /force
    assert lab.node("node1").clock_offset_s == 0
    assert lab.run(WORKFLOW).exit_code is ExitCode.OK
    _assert_fully_registered(lab)


def test_a6_tenant_must_be_explicit(orchestrate, write_inventory, tmp_path):
    data = inventory_data("A6")
    del data["azure"]["tenant_id"]
    state = str(tmp_path / "state")
    path = str(write_inventory(data))
    result = orchestrate("--state-dir", state, "register", "-i", path)
    assert result.code == 2
    assert "azure.tenant_id" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert result.out == ""
    assert not (tmp_path / "state" / "runs").exists()  # refused before any run began
    # the dry run is refused the same way: nothing to plan until the tenant is given
    again = orchestrate("--state-dir", state, "register", "-i", path, "--dry-run")
    assert (again.code, again.err) == (result.code, result.err)


def test_a6_with_the_tenant_given_registers_although_the_account_is_in_two_tenants(tmp_path):
    lab = new_lab(tmp_path, "A6")
    assert lab.run(WORKFLOW).exit_code is ExitCode.OK
    _assert_fully_registered(lab)


def test_a7_contributor_only_is_blocked_with_the_missing_actions(tmp_path):
    lab = new_lab(tmp_path, "A7")
    result = next(r for (node, check), r in _blocked(lab).items() if check == "azure-permissions")
    assert "Microsoft.Authorization/roleAssignments/write" in result.observed
    assert "User Access Administrator" in result.remediation
    _assert_blocked_before_any_change(lab, "azure-permissions: missing")


def test_a8_providers_not_registered_and_no_right_to_register_them_blocks(tmp_path):
    lab = new_lab(tmp_path, "A8")
    by_check = {check: r for (_node, check), r in _blocked(lab).items()}
    assert by_check["resource-providers"].observed == (
        "not registered and not allowed to register: Microsoft.HybridCompute, "
        "Microsoft.GuestConfiguration"
    )
    assert (
        "Register-AzResourceProvider -ProviderNamespace Microsoft.HybridCompute"
        in by_check["resource-providers"].remediation
    )
    sub = lab.world.azure.subscriptions[lab.inventory.azure.subscription_id]
    assert sub.providers["Microsoft.HybridCompute"] == "NotRegistered"
    _assert_blocked_before_any_change(lab, "resource-providers: not registered")


def test_a8_providers_the_caller_may_register_are_registered_by_the_flow(tmp_path):
    lab = new_lab(tmp_path)
    sub = lab.world.azure.subscriptions[lab.inventory.azure.subscription_id]
    sub.providers["Microsoft.HybridCompute"] = "NotRegistered"
    sub.providers["Microsoft.GuestConfiguration"] = "NotRegistered"
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK
    assert steps(outcome)["resource_providers"] == "changed"
    assert sub.providers["Microsoft.HybridCompute"] == "Registered"
    assert sub.providers["Microsoft.GuestConfiguration"] == "Registered"
    _assert_fully_registered(lab)


def test_a9_region_outside_the_cloud_is_an_input_error(orchestrate, write_inventory, tmp_path):
    data = inventory_data(cloud="AzureChinaCloud", region="eastus")
    state = str(tmp_path / "state")
    path = str(write_inventory(data))
    result = orchestrate("--state-dir", state, "register", "-i", path)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert not (tmp_path / "state" / "runs").exists()  # refused before any run began
    again = orchestrate("--state-dir", state, "register", "-i", path, "--dry-run")
    assert (again.code, again.err) == (result.code, result.err)
    assert "azure.region: 'eastus': not a supported region for AzureChinaCloud" in result.err
    assert "chinaeast2 (China East 2)" in result.err


def test_a10_admin_consent_is_a_distinct_outcome_and_a_rerun_resumes(tmp_path):
    lab = new_lab(tmp_path, "A10")
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.REFUSED
    entry = outcome.nodes[0]
    assert entry.state == "needs_operator"
    [app] = lab.world.azure.apps_named(lab.inventory.azure.tenant_id, "hci01")
    assert f"needs admin consent for application {app.app_id}" in entry.error
    assert "orchestrate register" in entry.error
    assert lab.world.cluster.registration is None
    # an administrator consents; the same command continues with the resource and app it made
    lab.world.azure.grant_admin_consent(app.app_id)
    again = lab.run(WORKFLOW)
    assert again.exit_code is ExitCode.OK
    assert lab.world.azure.apps_named(lab.inventory.azure.tenant_id, "hci01") == [app]
    _assert_fully_registered(lab)


def test_a10_resume_after_consent_finishes_the_parked_run(tmp_path):
    from orchestrator.engine.api import resume_run

    lab = new_lab(tmp_path, "A10")
    parked = lab.run(WORKFLOW)
    assert parked.exit_code is ExitCode.REFUSED
    [app] = lab.world.azure.apps_named(lab.inventory.azure.tenant_id, "hci01")
    lab.world.azure.grant_admin_consent(app.app_id)
    resumed = resume_run(
        parked.run_id,
        state_dir=tmp_path / "state",
        argv=["resume", parked.run_id],
        load_flow=load_workflow,
        connector=lab.connector,
    )
    assert resumed.exit_code is ExitCode.OK
    outcomes = steps(resumed)
    assert outcomes["registration"] == "changed"
    assert outcomes["machine_proxy"] == "no-op"  # finished before the park: skipped
    _assert_fully_registered(lab)


def test_arc_failure_after_a_landed_registration_fails_the_arc_step_with_the_cause(tmp_path):
    """Pre-checks catch A11 before any change; without them (a proxy that broke after the
    pre-checks) the registration lands, Arc does not, and the run says why."""
    from orchestrator.engine.spec import Workflow

    lab = new_lab(tmp_path, "A11")
    steps_only = Workflow("register", 1, "steps only", steps=WORKFLOW.steps, scope="cluster")
    outcome = lab.run(steps_only)
    assert outcome.exit_code is ExitCode.FAILED
    assert steps(outcome)["registration"] == "changed"
    report = outcome.nodes[0].reports["arc_integration"]
    assert report.outcome == "failed"
    assert "RegisterSucceededButArcFailed (ArcIntegrationFailedOnNodes)" in report.error
    assert "node1:" in report.error
    assert lab.world.cluster.registration is not None
    assert lab.node("node1").mutations.get("register") == 2  # register, then the Arc retry


def test_a11_proxy_required_blocks_and_names_the_inventory_field(tmp_path):
    lab = new_lab(tmp_path, "A11")
    blocked = _blocked(lab)
    assert {node for node, _check in blocked} == {"node1", "node2", "node3", "node4"}
    result = blocked[("node1", "connectivity")]
    assert result.observed.startswith("proxy: login.windows.net, pas.windows.net")
    assert "cluster.https_proxy" in result.remediation
    assert all(not node.https_proxy for node in lab.world.ordered_nodes())
    _assert_blocked_before_any_change(lab, "connectivity: proxy")


def test_a11_with_a_proxy_sets_it_restarts_himds_and_arc_connects(tmp_path):
    proxy = "http://proxy.contoso.local:3128"
    lab = new_lab(tmp_path, "A11", https_proxy=proxy)
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["machine_proxy"] == "changed"
    for node in lab.world.ordered_nodes():
        assert node.https_proxy == proxy
        assert node.arc_agent.active_proxy == proxy
        assert node.mutations.get("setx:https_proxy", 0) == 1
        assert node.mutations.get("restart:himds", 0) == 1
    _assert_fully_registered(lab)


def test_c5_arc_not_installed_right_after_registration_is_reported_not_failed(tmp_path, caplog):
    lab = new_lab(tmp_path)
    lab.node("node2").faults.arc_projection_delay_s = 4 * 3600.0
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK
    report = outcome.nodes[0].reports["arc_integration"]
    assert report.outcome == "no-op"
    assert "Not Installed for node2" in report.change.before
    assert "re-check with `orchestrate status` after" in report.change.before
    assert "can take up to 12 hours" in caplog.text
    assert lab.world.portal_arc_state(lab.node("node2")) == "Not Installed"
    # nothing to redo now; twelve hours later the portal agrees
    assert changes(lab.plan(WORKFLOW)) == 0
    lab.world.clock.advance(12 * 3600)
    _assert_fully_registered(lab)


def test_double_hop_without_delegation_blocks_naming_credssp_and_kerberos(tmp_path):
    """The check opens what the cmdlet opens from the entry node (issue 12.9): localhost and
    the cluster's DNS name on the entry node's row, `<node>.<suffix>` on the others; the fix
    names CredSSP and Kerberos with a forwarded ticket, never resource-based delegation."""
    lab = new_lab(tmp_path)
    lab.node("node1").delegation = None
    blocked = _blocked(lab)
    assert set(blocked) == {
        ("node1", "double-hop"),
        ("node2", "double-hop"),
        ("node3", "double-hop"),
        ("node4", "double-hop"),
    }
    assert blocked[("node1", "double-hop")].observed == (
        "node1 -> localhost: AccessDenied; node1 -> hci01.contoso.local: AccessDenied"
    )
    result = blocked[("node3", "double-hop")]
    assert result.observed == "node1 -> node3.contoso.local: AccessDenied"
    assert "Enable-WSManCredSSP -Role Server" in result.remediation
    assert "AllowFreshCredentials with `WSMAN/*`" in result.remediation
    assert "negotiate_delegate: true" in result.remediation
    assert "PrincipalsAllowedToDelegateToAccount" not in result.remediation
    _assert_nothing_changed_in_azure(lab)


def test_the_double_hop_check_closes_the_sessions_it_opens_and_passes_with_delegation(tmp_path):
    lab = new_lab(tmp_path)
    outcome = lab.run(load_workflow("precheck"))
    results = {(r.node, r.check): r for r in outcome.precheck_results}
    assert results[("node1", "double-hop")].observed == (
        "node1 -> localhost, node1 -> hci01.contoso.local"
    )
    assert results[("node2", "double-hop")].observed == "node1 -> node2.contoso.local"
    assert lab.node("node1").mutations["pssession"] == 5  # localhost, cluster name, node2-4
    assert lab.node("node1").open_sessions == 0  # each closed again


def test_register_through_the_cli_dry_run_then_run_without_leaking_the_token(
    orchestrate, write_inventory, tmp_path, monkeypatch
):
    from orchestrator.lab.control_plane import LabControlPlane

    issued: list[str] = []
    original = LabControlPlane.access_token

    def remember(self):
        token, account = original(self)
        issued.append(token)
        return token, account

    monkeypatch.setattr(LabControlPlane, "access_token", remember)
    path = str(write_inventory(inventory_data()))
    state = tmp_path / "state"
    plan = orchestrate(
        "--state-dir",
        str(state),
        "register",
        "-i",
        path,
        "--dry-run",
        "--detailed-exitcode",
        "--output",
        "json",
    )
    assert plan.code == 3
    assert [s["step"] for s in json.loads(plan.out)["nodes"][0]["steps"]] == list(REGISTER_STEPS)
    run = orchestrate("-vv", "--state-dir", str(state), "register", "-i", path, "--output", "json")
    assert run.code == 0, run.err
    # every node is accounted for: node1 ran the cluster steps, the others through it (15.4)
    assert json.loads(run.out)["summary"]["done"] == 4
    assert issued  # the cmdlet got a token...
    journals = "".join(p.read_text() for p in state.rglob("*.jsonl"))
    for token in issued:  # ...which no output, log or journal shows
        assert token not in run.out
        assert token not in run.err
        assert token not in journals


def test_register_then_a_dry_run_in_another_process_plans_no_change(
    orchestrate, write_inventory, tmp_path, monkeypatch
):
    """The lab kept between commands (ORCHESTRATE_LAB_STATE), as a second invocation sees it."""
    monkeypatch.setenv("ORCHESTRATE_LAB_STATE", str(tmp_path / "lab.json"))
    path = str(write_inventory(inventory_data("A4")))
    state = str(tmp_path / "state")
    assert orchestrate("--state-dir", state, "register", "-i", path).code == 0
    again = orchestrate(
        "--state-dir", state, "register", "-i", path, "--dry-run", "--detailed-exitcode"
    )
    assert again.code == 0, again.out
    assert "0 to change, 4 no-op" in again.out
