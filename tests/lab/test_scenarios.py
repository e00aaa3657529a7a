"""Every SCENARIOS.md row: the scenario's symptom, seen through the cmdlet surface alone."""

from __future__ import annotations

import json

import pytest

from orchestrator.lab.scenarios import C5_PROJECTION_DELAY_S, SCENARIOS
from tests.lab.helpers import (
    AGENT_LOG,
    DEBUG,
    MODULE_VERSIONS,
    REGISTRATION_DIR,
    WITH_ARC_APP,
    agent,
    arc_cmdlet,
    arc_integration,
    debug_lines,
    error_text,
    file_text,
    hci,
    make_world,
    register,
    run,
    tool,
    unregister,
)

ROWS = (
    [f"A{i}" for i in range(1, 12)]
    + [f"B{i}" for i in range(1, 5)]
    + [f"C{i}" for i in range(1, 12)]
    + [f"D{i}" for i in range(1, 7)]
    + [f"E{i}" for i in range(1, 4)]
    + [f"F{i}" for i in range(1, 8)]  # Azure Local 23H2+ (issue 13; docs/scenarios.md)
)


def test_there_is_exactly_one_scenario_per_row():
    assert list(SCENARIOS) == ROWS


@pytest.mark.parametrize("row", ROWS)
@pytest.mark.parametrize("size", [2, 5])
def test_every_scenario_fits_any_cluster_size_and_survives_a_snapshot(row, size):
    world = make_world(size, row)
    document = json.loads(json.dumps(world.to_json()))
    assert type(world).from_json(document).to_json() == document


def _enable_debug(world, node):
    # as troubleshoot-hci-registration.md writes it
    assert tool(world, node, "wevtutil.exe", "sl", "/q", "/e:true", DEBUG).exit_code == 0


# --- A -----------------------------------------------------------------------------------------


def test_a1_hcisvc_stopped_names_the_node_in_the_certificate_error():
    world = make_world(3, "A1")
    assert "STOPPED" in tool(world, "node2", "sc.exe", "query", "hcisvc").output[2]
    message = error_text(register(world))
    assert message.startswith(
        "Failed to register. Couldn't generate self-signed certificate on node(s) node2. "
        "Couldn't set and verify registration certificate on node(s) node2."
    )
    assert hci(world)["RegistrationStatus"] == "NotYet"
    run(world, "node2", "Start-Service", Name="hcisvc")
    assert register(world).first["Result"] == "Success"


def test_a2_unreachable_node_fails_new_pssession_and_registration():
    world = make_world(3, "A2")
    result = run(world, "node1", "New-PSSession", ComputerName="node3.contoso.local")
    assert result.errors[0].fully_qualified_error_id == "WinRMOperationTimeout,PSSessionOpenFailed"
    assert "WinRM cannot complete the operation" in result.errors[0].message
    assert "on node(s) node3." in error_text(register(world))
    assert world.azure.apps == {} or all(
        a.display_name != "hci01.arc" for a in world.azure.apps.values()
    )


def test_a3_blocked_endpoints_fail_verification_only_on_that_node():
    world = make_world(3, "A3")
    probe = run(
        world, "node2", "Test-NetConnection", ComputerName="dp.stackhci.azure.com", Port=443
    )
    assert probe.first["TcpTestSucceeded"] is False
    assert probe.first["NameResolutionSucceeded"] is True
    assert run(world, "node1", "Test-NetConnection", ComputerName="dp.stackhci.azure.com").first[
        "TcpTestSucceeded"
    ]
    message = error_text(register(world))
    assert "Couldn't generate self-signed certificate on node(s) . " in message
    assert "Couldn't set and verify registration certificate on node(s) node2." in message


def test_a4_transient_token_errors_fail_once_then_succeed_in_retry():
    world = make_world(3, "A4")
    _enable_debug(world, "node1")
    assert "Couldn't set and verify registration certificate on node(s) node1" in error_text(
        register(world)
    )
    assert register(world).first["Result"] == "Success"
    lines = debug_lines(world, "node1")
    assert lines.count("ExecuteWithRetry operation AADTokenFetch failed with retryable error") == 4
    assert any(
        line.startswith("ExecuteWithRetry operation AADTokenFetch failed after all retries")
        for line in lines
    )
    assert lines[-1] == "ExecuteWithRetry operation AADTokenFetch succeeded in retry"


def test_a5_fast_clock_gives_aadsts700027_and_resync_fixes_it():
    world = make_world(3, "A5")
    _enable_debug(world, "node1")
    assert "registration certificate on node(s) node1." in error_text(register(world))
    assert any(
        "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired."
        in line
        for line in debug_lines(world, "node1")
    )
    resync = tool(world, "node1", "w32tm.exe", "/resync", "/force")
    assert (resync.exit_code, resync.output) == (
        0,
        ("Sending resync command to local computer", "The command completed successfully."),
    )
    assert register(world).first["Result"] == "Success"


def test_a6_multi_tenant_account_needs_tenant_id():
    world = make_world(2, "A6")
    message = error_text(register(world, TenantId=None))
    assert message.startswith(
        "Unable to acquire token for tenant with error. You must use multi-factor authentication"
    )
    assert register(world).first["Result"] == "Success"


def test_a7_contributor_cannot_assign_the_rp_role():
    world = make_world(2, "A7")
    message = error_text(register(world))
    assert message.startswith("Failed to assign Arc roles to HCI Resource Provider")
    assert "Microsoft.Authorization/roleAssignments/write" in message


def test_a8_unregistered_arc_provider_fails_arc_with_the_namespace_text():
    world = make_world(2, "A8")
    outcome = register(world).first
    assert outcome["Result"] == "RegisterSucceededButArcFailed"
    assert outcome["ErrorDetail"] == "ArcIntegrationFailedOnNodes"
    log = file_text(world, "node2", AGENT_LOG)
    assert "The subscription is not registered to use namespace 'Microsoft.HybridCompute'" in log
    assert "AZCM0042" in log


def test_a9_region_outside_the_cloud_list():
    world = make_world(2, "A9")
    message = error_text(register(world, Region="westus2"))
    # Validate-RegionName joins the provider's locations (display names) with ','
    assert message == (
        "Azure Stack HCI is not yet available in region westus2. Please choose one of these "
        "regions: East US,West Europe,Australia East,Southeast Asia,Central India,"
        "Canada Central,Japan East,South Central US."
    )


def test_a10_pending_admin_consent_then_resume():
    world = make_world(2, "A10")
    first = register(world).first
    assert first["Result"] == "PendingForAdminConsent"
    assert first["AppId"] in first["PortalAADAppPermissionsURL"]
    assert hci(world)["RegistrationStatus"] == "NotYet"
    world.azure.grant_admin_consent(first["AppId"])
    assert register(world).first["Result"] == "Success"


def test_a11_proxy_required_fails_arc_until_proxy_and_himds_restart():
    world = make_world(2, "A11")
    outcome = register(world).first
    assert outcome["Result"] == "RegisterSucceededButArcFailed"
    assert world.portal_arc_state(world.node("node1")) == "Not Installed"
    assert "Forbidden" in file_text(world, "node1", AGENT_LOG)
    for node in ("node1", "node2"):
        assert (
            tool(
                world, node, "setx.exe", "https_proxy", "http://proxy.contoso.local:3128", "/M"
            ).exit_code
            == 0
        )
    assert (
        register(world).first["Result"] == "RegisterSucceededButArcFailed"
    )  # himds not restarted yet
    for node in ("node1", "node2"):
        run(world, node, "Restart-Service", Name="himds")
    assert register(world).first["Result"] == "Success"
    assert agent(world, "node2")["httpsProxy"] == "http://proxy.contoso.local:3128"


# --- B -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULE_VERSIONS)
def test_b1_wrong_subscription_unregister_leaves_azure_resources(module):
    world = make_world(3, "B1", module=module)
    # just unregistered: OutOfPolicy with an empty AzureResourceUri (issue 12.2)
    view = hci(world)
    assert (view["RegistrationStatus"], view["AzureResourceUri"]) == ("OutOfPolicy", None)
    clusters = world.azure.list_by_type("Microsoft.AzureStackHCI/clusters")
    machines = world.azure.list_by_type("Microsoft.HybridCompute/machines")
    assert len(clusters) == 1
    assert len(machines) == 3
    names = sorted(a.display_name for a in world.azure.apps.values())
    # the `<cluster>.arc` app exists only where the module creates it (before 2.2.3)
    assert names == (["hci01", "hci01.arc"] if module in WITH_ARC_APP else ["hci01"])


def test_b2_arc_cannot_be_disabled_on_one_node():
    world = make_world(3, "B2")
    result = unregister(world)
    message = error_text(result)
    assert message.startswith(
        "Couldn't disable Azure Arc integration on Node node2. Try running Disable-AzureStackHCIArcIntegration Cmdlet"
    )
    # 9117: Result Failed and `return`; the event says "ARC unregistration failed".
    assert result.first == {"Result": "Failed"}
    events = run(world, "node1", "Get-WinEvent", LogName="Application").output
    assert any(e["Id"] == 9117 and e["Message"] == "ARC unregistration failed" for e in events)
    assert arc_integration(world)["ClusterArcStatus"] == "DisableInProgress"
    assert hci(world)["RegistrationStatus"] == "Registered"


@pytest.mark.parametrize("module", MODULE_VERSIONS)
def test_b3_portal_deleted_resource_is_reported_by_register_and_cleaned_by_unregister(module):
    world = make_world(3, "B3", module=module)
    resource = hci(world)["AzureResourceUri"]
    assert error_text(register(world)) == (
        f"The Azure resource with ID {resource} doesn't exist. Unregister the cluster using "
        "Unregister-AzStackHCI and then try again."
    )
    if module not in WITH_ARC_APP:
        # The cluster's managed identity went with its resource: the node's metadata endpoint
        # has no token for Disable-AzureStackHCIArcIntegration, so every node is B2 until its
        # agent is disconnected locally (stackhci.ps1 @06618c80, Disable-ArcForServers).
        failed = " ".join(unregister(world).host_errors)  # one host line per node
        for node in ("node1", "node2", "node3"):
            assert f"Couldn't disable Azure Arc integration on Node {node}." in failed
            tool(world, node, "azcmagent", "disconnect", "--force-local-only")
    assert unregister(world).first["Result"] == "Success"
    # just unregistered: OutOfPolicy with an empty AzureResourceUri (issue 12.2)
    view = hci(world)
    assert (view["RegistrationStatus"], view["AzureResourceUri"]) == ("OutOfPolicy", None)


def test_b4_unregister_without_tenant_fails_for_multi_tenant_account():
    world = make_world(2, "B4")
    assert error_text(unregister(world, TenantId=None)).startswith(
        "Unable to acquire token for tenant with error."
    )
    assert hci(world)["RegistrationStatus"] == "Registered"


# --- C -----------------------------------------------------------------------------------------


def test_c1_deleted_cluster_app_disconnects_and_logs_application_not_found():
    world = make_world(3, "C1")
    assert (
        world.portal_connection()
        == "Disconnected - Cluster not in connected state for more than 8 hours"
    )
    assert hci(world, "node2")["ConnectionStatus"] == "Disconnected"
    _enable_debug(world, "node1")
    assert "was not found in the directory 'Default Directory'" in error_text(
        run(world, "node1", "Sync-AzureStackHCI")
    )
    assert any("Application with identifier" in line for line in debug_lines(world, "node1"))
    assert register(world, RepairRegistration=True).first["Result"] == "Success"
    assert run(world, "node1", "Sync-AzureStackHCI").errors == ()
    assert world.portal_connection() == "Connected"


def test_c2_deleted_arc_app_is_silent_until_unregister():
    world = make_world(3, "C2")
    assert run(world, "node1", "Sync-AzureStackHCI").errors == ()
    assert hci(world)["ConnectionStatus"] == "Connected"
    message = error_text(unregister(world))
    assert "Couldn't disable Azure Arc integration on Node node1" in message


def test_c3_rotation_failure_then_repair_reconnects():
    world = make_world(2, "C3")
    _enable_debug(world, "node2")
    assert "AADSTS700027: Client assertion failed signature validation" in error_text(
        run(world, "node2", "Sync-AzureStackHCI")
    )
    assert "RotateRegistrationCertificate failed: Invalid Audience" in debug_lines(world, "node2")
    assert register(world, RepairRegistration=True).first["Result"] == "Success"
    assert run(world, "node2", "Sync-AzureStackHCI").errors == ()


def test_c4_removed_rp_role_shows_not_installed_until_repair():
    world = make_world(3, "C4")
    assert hci(world)["RegistrationStatus"] == "Registered"
    assert {world.portal_arc_state(n) for n in world.ordered_nodes()} == {"Not Installed"}
    assert register(world, RepairRegistration=True).first["Result"] == "Success"
    assert {world.portal_arc_state(n) for n in world.ordered_nodes()} == {"Connected"}


def test_c5_transient_not_installed_warns_and_clears_within_12_hours():
    world = make_world(3)
    from orchestrator.lab.scenarios import register as scenario_register

    world.node("node2").faults.arc_projection_delay_s = C5_PROJECTION_DELAY_S
    result = scenario_register(world)
    assert result.first["Result"] == "Success"
    assert (
        "If Azure-Arc registration continues failing for more than 12 hours, contact support."
        in result.warnings[0]
    )
    world = make_world(3, "C5")
    assert world.portal_arc_state(world.node("node2")) == "Not Installed"
    world.clock.advance(12 * 3600)
    assert world.portal_arc_state(world.node("node2")) == "Connected"


def test_c6_sync_after_reboot_deleted_the_node_arc_resource():
    world = make_world(3, "C6")
    assert world.portal_arc_state(world.node("node2")) == "Not Installed"
    assert world.portal_arc_state(world.node("node1")) == "Connected"
    assert agent(world, "node2")["status"] == "Connected"  # the agent does not know yet
    # Repair alone cannot reconnect it (the agent still thinks it is connected): it ends with
    # the Arc verification warning and the node stays Not Installed.
    repaired = register(world, RepairRegistration=True)
    assert "Arc for Servers registration failed" in repaired.warnings[0]
    assert world.portal_arc_state(world.node("node2")) == "Not Installed"
    assert tool(world, "node2", "azcmagent", "disconnect", "--force-local-only").exit_code == 0
    world.clock.advance(3600)
    assert register(world, RepairRegistration=True).first["Result"] == "Success"
    assert world.portal_arc_state(world.node("node2")) == "Connected"


def test_c7_expired_agent_needs_disable_delete_enable():
    world = make_world(3, "C7")
    assert agent(world, "node2")["status"] == "Expired"
    assert arc_cmdlet(world, "node2", "Disable-AzureStackHCIArcIntegration").errors == ()
    assert arc_integration(world)["NodesArcStatus"]["node2"] == "Disabled"
    assert "AZCM0044" in error_text(
        arc_cmdlet(world, "node2", "Enable-AzureStackHCIArcIntegration")
    )
    reg = world.cluster.registration
    world.azure.delete(
        world.target.caller_id,
        world.machine_id(world.node("node2"), reg.subscription_id, reg.arc_resource_group),
    )
    assert arc_cmdlet(world, "node2", "Enable-AzureStackHCIArcIntegration").output == (
        "Arc agent process succeeded to onboard machine",
    )
    assert run(world, "node2", "Sync-AzureStackHCI").errors == ()
    assert world.portal_arc_state(world.node("node2")) == "Connected"


def test_c8_out_of_policy_node_with_admin_events_and_repair():
    world = make_world(3, "C8")
    assert hci(world, "node2")["RegistrationStatus"] == "OutOfPolicy"
    assert hci(world, "node1")["RegistrationStatus"] == "Registered"
    events = run(
        world, "node2", "Get-WinEvent", LogName="Microsoft-AzureStack-HCI/Admin", Oldest=True
    ).output
    # 585 and 591 when it fell out of policy; hcisvc's background sync keeps adding 585.
    assert [(e["Id"], e["LevelDisplayName"]) for e in events][:2] == [
        (585, "Warning"),
        (591, "Error"),
    ]
    assert {e["Id"] for e in events[2:]} <= {585}
    assert "-RepairRegistration" in events[1]["Message"]
    assert register(world, RepairRegistration=True).first["Result"] == "Success"
    assert hci(world, "node2")["RegistrationStatus"] == "Registered"


def test_c9_unregistered_after_30_days_blocks_vm_creation():
    world = make_world(2, "C9")
    message = error_text(run(world, "node1", "Add-ClusterVirtualMachineRole", VMName="vm1"))
    assert (
        "The service being accessed is licensed for a particular number of connections." in message
    )
    assert register(world).first["Result"] == "Success"
    assert not run(world, "node1", "Add-ClusterVirtualMachineRole", VMName="vm1").failed


def test_c10_old_module_put_arc_machines_in_a_separate_group():
    world = make_world(2, "C10")
    assert (
        run(world, "node1", "Get-InstalledModule", Name="Az.StackHCI").first["Version"] == "1.4.1"
    )
    assert agent(world, "node1")["resourceGroup"] == "hci01-rg-arc"
    message = error_text(register(world, ArcServerResourceGroupName="hci01-rg"))
    assert message.startswith("Arc servers are already registered in Resource Group: hci01-rg-arc.")


def test_c11_time_skew_gives_aadsts80013():
    world = make_world(2, "C11")
    _enable_debug(world, "node1")
    register(world)
    assert any(
        "AADSTS80013: OnPremisesPasswordValidationTimeSkew" in line
        for line in debug_lines(world, "node1")
    )


# --- D -----------------------------------------------------------------------------------------


def _connect(world, node, *extra):
    target = world.target
    return tool(
        world,
        node,
        "azcmagent",
        "connect",
        "--access-token",
        world.caller_token(),
        "--subscription-id",
        target.subscription_id,
        "--resource-group",
        target.resource_group,
        "--location",
        target.region,
        *extra,
    )


def test_d1_already_connected_and_resource_gone():
    world = make_world(3, "D1")
    again = _connect(world, "node2")
    assert again.exit_code == 67
    assert "AZCM0067" in again.output[-1]
    gone = tool(world, "node1", "azcmagent", "disconnect", "--access-token", world.caller_token())
    assert gone.exit_code == 43
    assert "--force-local-only" in gone.output[0]
    assert tool(world, "node1", "azcmagent", "disconnect", "--force-local-only").exit_code == 0
    assert agent(world, "node1")["status"] == "Disconnected"
    world.node("node3").services["himds"].running = False
    assert "AZCM0061" in _connect(world, "node3").output[-1]
    world.node("node3").faults.azcm_forced_code = "AZCM0081"
    assert _connect(world, "node3").exit_code == 81


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (("--tags", "Bad Name=x"), "AZCM0013"),
        (("--cloud", "AzureGermanCloud"), "AZCM0014"),
        (("--correlation-id", "not-a-guid"), "AZCM0015"),
        (("--resource-name", "node-"), "AZCM0017"),
        (("--bogus",), "AZCM0101"),
    ],
)
def test_d2_agent_rejects_bad_input(extra, code):
    world = make_world(2, "D2")
    result = _connect(world, "node1", *extra)
    assert code in result.output[-1]
    assert agent(world, "node1")["status"] == "Disconnected"


def test_d2_missing_parameter_and_disconnect_tenant_flag():
    world = make_world(2, "D2")
    assert (
        "AZCM0016"
        in tool(world, "node1", "azcmagent", "connect", "--location", "eastus").output[-1]
    )
    assert (
        "AZCM0101" in tool(world, "node1", "azcmagent", "disconnect", "--tenant-id", "x").output[-1]
    )


def test_d3_login_endpoint_failures_have_their_three_texts():
    world = make_world(3, "D3")
    assert "dial tcp lookup login.windows.net: no such host" in _connect(world, "node1").output[0]
    assert "connect: network is unreachable" in _connect(world, "node2").output[0]
    assert "connect: network is Forbidden" in _connect(world, "node3").output[0]


def _sp_connect(world, node, secret, tenant=None):
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    target = world.target
    return tool(
        world,
        node,
        "azcmagent",
        "connect",
        "--service-principal-id",
        app.app_id,
        "--service-principal-secret",
        secret,
        "--tenant-id",
        tenant or target.tenant_id,
        "--subscription-id",
        target.subscription_id,
        "--resource-group",
        target.resource_group,
        "--location",
        target.region,
    ), app


def test_d4_wrong_secret_or_tenant():
    world = make_world(2, "D4")
    result, app = _sp_connect(world, "node1", "stale-secret")
    assert "Invalid client secret is provided" in result.output[0]
    assert result.exit_code == 41
    assert "stale-secret" not in " ".join(result.output)
    result, _ = _sp_connect(world, "node1", "x", tenant="11111111-1111-4111-8111-111111111111")
    assert (
        f"Application with identifier '{app.app_id}' was not found in the directory"
        in result.output[0]
    )
    good, _ = _sp_connect(world, "node1", world.azure.reset_credential(app.app_id))
    assert good.exit_code == 0


def test_d5_missing_onboarding_role_is_a_403():
    world = make_world(2, "D5")
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    result, _ = _sp_connect(world, "node1", world.azure.reset_credential(app.app_id))
    assert (
        "does not have authorization to perform action 'Microsoft.HybridCompute/machines/read'"
        in result.output[0]
    )
    assert "Status Code=403" in result.output[0]


def test_d6_provider_not_registered_and_arm_forbidden():
    world = make_world(2, "D6")
    assert (
        "The subscription is not registered to use namespace 'Microsoft.HybridCompute'"
        in _connect(world, "node1").output[0]
    )
    blocked = _connect(world, "node2").output[0]
    assert "Failed to AzcmagentConnect ARM resource" in blocked
    assert "Forbidden" in blocked


# --- E -----------------------------------------------------------------------------------------


def test_e1_registration_logs_are_there_to_collect():
    world = make_world(3, "E1")
    listing = run(
        world, "node1", "Get-ChildItem", Path=REGISTRATION_DIR, Filter="RegisterHCI_*.log"
    ).output
    assert [f["Name"] for f in listing] == [
        "RegisterHCI_20260105-0900.log",
        "RegisterHCI_20260105-0902.log",
    ]
    first = file_text(world, "node1", listing[0]["FullName"])
    assert (
        " , ERROR , Failed to register. Couldn't generate self-signed certificate on node(s) node2."
        in first
    )
    assert "ArmAccessToken" not in first  # the parameters go to event 9009, not the log
    markers = [
        e
        for e in run(world, "node1", "Get-WinEvent", ProviderName="HCI Registration").output
        if e["Id"] == 9009
    ]
    assert [m["Message"].split(" are:")[0] for m in markers] == [
        "Parameters for Unregister-AzStackHCI",
        "Parameters for Register-AzStackHCI",
        "Parameters for Register-AzStackHCI",
    ]  # newest first
    assert all("XXXXXXX" in m["Message"] and "ArmAccessToken" in m["Message"] for m in markers)
    unregister_logs = run(
        world, "node1", "Get-ChildItem", Path=REGISTRATION_DIR, Filter="UnregisterHCI_*.log"
    ).output
    assert [f["Name"] for f in unregister_logs] == ["UnregisterHCI_20260105-0904.log"]
    assert "ExpiredAuthenticationToken" not in file_text(
        world, "node1", unregister_logs[0]["FullName"]
    )
    # Write-ErrorLog in the outer catch: the ERROR line, then the formatted exception.
    log_text = file_text(world, "node1", unregister_logs[0]["FullName"])
    assert " , ERROR , Exception occurred in Unregister-AzStackHCI" in log_text
    assert "The access token expiry UTC time" in log_text
    assert hci(world)["RegistrationStatus"] == "Registered"


def test_e2_debug_channel_captures_aad_lines_once_enabled():
    world = make_world(3, "E2")
    state = tool(world, "node2", "wevtutil.exe", "gl", DEBUG)
    assert state.output == (f"name: {DEBUG}", "enabled: false")
    run(world, "node1", "Sync-AzureStackHCI")
    assert (
        run(world, "node2", "Get-WinEvent", LogName=DEBUG, Oldest=True)
        .errors[0]
        .fully_qualified_error_id.startswith("NoMatchingEventsFound")
    )
    _enable_debug(world, "node2")
    assert tool(world, "node2", "wevtutil.exe", "gl", DEBUG).output[1] == "enabled: true"
    world.node("node2").faults.aad_transient_failures = 2
    run(world, "node1", "Sync-AzureStackHCI")
    assert debug_lines(world, "node2") == [
        "ExecuteWithRetry operation AADTokenFetch failed with retryable error",
        "ExecuteWithRetry operation AADTokenFetch failed with retryable error",
        "ExecuteWithRetry operation AADTokenFetch succeeded in retry",
    ]


def test_e3_agent_logs_exist_on_every_node():
    world = make_world(3, "E3")
    for node in ("node1", "node2", "node3"):
        assert "Connected machine to Azure" in file_text(world, node, AGENT_LOG)
        task_logs = run(
            world, node, "Get-ChildItem", Path="C:\\Windows\\Tasks\\ArcForServers"
        ).output
        assert [f["Name"] for f in task_logs] == ["RegisterArc_20260105.log"]
        assert "succeeded to onboard machine" in file_text(world, node, task_logs[0]["FullName"])


def test_c8_variants_594_whole_cluster_594_single_node_and_592():
    world = make_world(3, "E3")
    for node in world.ordered_nodes():
        world.out_of_policy(node, 594)
    assert "encountered an error accessing its data" in error_text(
        run(world, "node1", "Sync-AzureStackHCI")
    )
    assert register(world, RepairRegistration=True).host_errors  # repair does not fix 594
    assert unregister(world).first["Result"] == "Success"
    for name in ("node1", "node2", "node3"):
        run(world, name, "Restart-Computer", Force=True)
    world.clock.advance(3600)
    assert register(world).first["Result"] == "Success"
    assert {hci(world, n)["RegistrationStatus"] for n in ("node1", "node2", "node3")} == {
        "Registered"
    }

    world = make_world(3, "E3")
    world.out_of_policy(world.node("node3"), 594)
    run(world, "node3", "Restart-Computer", Force=True)
    ids = [
        e["Id"]
        for e in run(
            world, "node3", "Get-WinEvent", LogName="Microsoft-AzureStack-HCI/Admin", Oldest=True
        ).output
    ]
    assert ids == [585, 594, 592]
    assert hci(world, "node3")["RegistrationStatus"] == "Registered"

    world = make_world(3, "E3")
    world.out_of_policy(world.node("node2"), 592)
    assert hci(world, "node2")["RegistrationStatus"] == "OutOfPolicy"
    world.clock.advance(3600)
    assert hci(world, "node2")["RegistrationStatus"] == "Registered"


def test_d3_service_principal_flow_reports_the_token_request():
    world = make_world(3, "D3")
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    secret = world.azure.reset_credential(app.app_id)
    result, _ = _sp_connect(world, "node3", secret)
    assert result.output[0] == (
        "FATAL   Failed to acquire authorization token from SPN: Failed to execute the refresh "
        f"request. Error = 'Post https://login.windows.net/{world.target.tenant_id}/oauth2/token?"
        "api-version=1.0: Forbidden'"
    )
    result, _ = _sp_connect(world, "node1", secret)
    assert (
        "oauth2/token?api-version=1.0:  dial tcp lookup login.windows.net: no such host"
        in result.output[0]
    )
    assert secret not in " ".join(result.output)


def test_b2_cleanup_path_converges():
    world = make_world(3, "B2")
    assert unregister(world).host_errors
    shown = agent(world, "node2")
    assert shown["resourceGroup"] == "hci01-rg"
    assert tool(world, "node2", "azcmagent", "disconnect", "--force-local-only").exit_code == 0
    world.azure.delete(world.target.caller_id, shown["resourceId"])
    assert unregister(world).first["Result"] == "Success"
    assert world.azure.list_by_type("Microsoft.HybridCompute/machines") == []
    assert world.azure.apps == {}


def test_c2_unregister_falls_back_to_the_b2_cleanup():
    world = make_world(2, "C2")
    assert unregister(world).host_errors
    for node in ("node1", "node2"):
        resource = agent(world, node)["resourceId"]
        tool(world, node, "azcmagent", "disconnect", "--force-local-only")
        world.azure.delete(world.target.caller_id, resource)
    assert unregister(world).first["Result"] == "Success"
    # just unregistered: OutOfPolicy with an empty AzureResourceUri (issue 12.2)
    view = hci(world)
    assert (view["RegistrationStatus"], view["AzureResourceUri"]) == ("OutOfPolicy", None)


def test_enable_on_an_enabled_node_changes_nothing():
    world = make_world(2, "E3")
    assert run(world, "node1", "Enable-AzureStackHCIArcIntegration").errors == ()
    assert world.node("node1").mutations["azcmagent:connect"] == 1


def test_c10_move_to_a_common_group_converges():
    world = make_world(2, "C10")
    assert unregister(world).first["Result"] == "Success"
    assert world.azure.find_group(world.target.subscription_id, "hci01-rg-arc") is None
    assert not run(world, "node1", "Install-Module", Name="Az.StackHCI", Force=True).failed
    assert (
        run(world, "node1", "Get-InstalledModule", Name="Az.StackHCI").first["Version"] == "2.6.0"
    )
    assert register(world, ArcServerResourceGroupName="hci01-rg").first["Result"] == "Success"
    assert {agent(world, n)["resourceGroup"] for n in ("node1", "node2")} == {"hci01-rg"}


def test_d4_secret_through_a_config_file_stays_off_the_command_line():
    world = make_world(2, "D4")
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    target = world.target
    config = {
        "service-principal-id": app.app_id,
        "service-principal-secret": world.azure.reset_credential(app.app_id),
        "tenant-id": target.tenant_id,
        "subscription-id": target.subscription_id,
        "resource-group": target.resource_group,
        "location": target.region,
    }
    path = "C:\\Windows\\Temp\\arc.json"
    assert "AZCM0019" in tool(world, "node1", "azcmagent", "connect", "--config", path).output[-1]
    run(world, "node1", "Set-Content", Path=path, Value=json.dumps(config))
    assert tool(world, "node1", "azcmagent", "connect", "--config", path).exit_code == 0
    assert not run(world, "node1", "Remove-Item", Path=path).failed
    assert agent(world, "node1")["status"] == "Connected"
