"""The cmdlet surface on a healthy world: shapes, idempotence, clouds, reserved command shapes."""

from __future__ import annotations

import pytest

from orchestrator.lab.azure import CREATED_BY_TAG
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command
from orchestrator.transport.scripts import SESSIONS_OS_INFO
from tests.lab.helpers import (
    DEBUG,
    METADATA,
    MODULE_VERSIONS,
    WITH_ARC_APP,
    agent,
    arc_cmdlet,
    arc_integration,
    error_text,
    hci,
    make_world,
    metadata,
    register,
    run,
    tool,
    unregister,
)


def test_unknown_command_gives_powershell_text():
    world = make_world(2)
    result = dispatch(world, world.node("node1"), Command.cmdlet("Get-Nothing"))
    assert result.errors[0].fully_qualified_error_id == "CommandNotFoundException"


def test_register_fills_every_view_and_running_it_again_changes_nothing():
    world = make_world(3)
    assert hci(world)["RegistrationStatus"] == "NotYet"
    assert arc_integration(world)["ClusterArcStatus"] == "Disabled"
    outcome = register(world).first
    assert outcome["Result"] == "Success"
    view = hci(world, "node3")
    assert view["RegistrationStatus"] == "Registered"
    assert view["ConnectionStatus"] == "Connected"
    assert view["AzureResourceName"] == "hci01"
    assert view["AzureResourceUri"] == outcome["AzureResourceId"]
    # the cmdlet's own properties and no others: no cloud, subscription or tenant (issue 12.1)
    assert set(view) == {
        "ClusterStatus",
        "RegistrationStatus",
        "RegistrationDate",
        "AzureResourceName",
        "AzureResourceUri",
        "ConnectionStatus",
        "LastConnected",
        "NextSync",
    }
    arc = arc_integration(world)
    assert arc["ClusterArcStatus"] == "Enabled"
    assert arc["NodesArcStatus"] == {"node1": "Enabled", "node2": "Enabled", "node3": "Enabled"}
    shown = agent(world, "node2")
    assert shown["status"] == "Connected"
    assert shown["resourceName"] == "node2"
    machine = world.azure.find(shown["resourceId"])
    assert machine.properties["parentClusterResourceId"] == outcome["AzureResourceId"]
    apps = sorted(a.display_name for a in world.azure.apps.values())
    assert apps == ["hci01"]  # module 2.6.0: Arc onboards with the cluster's managed identity
    assert arc["ApplicationId"] is None
    before = world.to_json()["azure"]["resources"]
    assert register(world).first["Result"] == "Success"
    assert world.to_json()["azure"]["resources"] == before
    assert world.node("node2").mutations["azcmagent:connect"] == 1


def test_unregister_removes_everything_it_owns_but_not_a_pre_existing_group():
    world = make_world(3)
    register(world, ArcServerResourceGroupName="hci01-arc")
    assert world.azure.find_group(world.target.subscription_id, "hci01-arc").tags == dict(
        [CREATED_BY_TAG]
    )
    assert unregister(world).first["Result"] == "Success"
    assert world.azure.resources == {}
    assert world.azure.apps == {}
    assert world.azure.find_group(world.target.subscription_id, "hci01-arc") is None
    assert world.azure.find_group(world.target.subscription_id, "hci01-rg") is not None
    assert arc_integration(world)["NodesArcStatus"]["node1"] == "Disabled"
    assert agent(world, "node1")["status"] == "Disconnected"


def test_unregister_of_an_unregistered_cluster_needs_parameters():
    world = make_world(2)
    result = unregister(world, SubscriptionId=None)
    assert error_text(result).startswith("Additional parameters are required to unregister.")


@pytest.mark.parametrize(
    ("cloud", "region"),
    [
        ("AzureCloud", "westeurope"),
        ("AzureUSGovernment", "usgovvirginia"),
        ("AzureChinaCloud", "chinaeast2"),
    ],
)
def test_register_and_unregister_in_every_cloud(cloud, region):
    world = make_world(2)
    world.configure_target(cloud=cloud, region=region)
    assert register(world).first["Result"] == "Success"
    assert hci(world)["AzureResourceUri"].split("/")[2] == world.target.subscription_id
    assert agent(world, "node1")["cloud"] == cloud
    assert unregister(world).first["Result"] == "Success"


def test_token_for_another_cloud_is_refused():
    world = make_world(2)
    message = error_text(
        register(world, EnvironmentName="AzureUSGovernment", Region="usgovvirginia")
    )
    assert "wrong audience" in message


def test_mandatory_and_set_parameters():
    world = make_world(2)
    missing = run(world, "node1", "Register-AzStackHCI", SubscriptionId="x")
    assert (
        missing.errors[0].fully_qualified_error_id
        == "MissingMandatoryParameter,Register-AzStackHCI"
    )
    bad = register(world, EnvironmentName="AzureGermany")
    assert (
        bad.errors[0].fully_qualified_error_id
        == "ParameterArgumentValidationError,Register-AzStackHCI"
    )
    assert error_text(register(world, RepairRegistration=True)).startswith(
        "Can't repair registration"
    )
    assert error_text(register(world, ArmAccessToken=None)).startswith("lab: interactive")


def test_registered_cluster_refuses_other_coordinates():
    world = make_world(2)
    register(world)
    assert error_text(register(world, ResourceName="other")).startswith(
        "Cluster is already registered with resource name : hci01."
    )
    assert error_text(register(world, Region="westeurope")).startswith(
        "There is already an Azure Stack HCI resource with the same resource ID in region eastus"
    )


def test_node_connected_elsewhere_and_name_clash():
    world = make_world(2)
    other = "/subscriptions/x/resourceGroups/y/providers/Microsoft.HybridCompute/machines/node2"
    world.node("node2").arc_agent.status = "Connected"
    world.node("node2").arc_agent.resource_id = other
    assert error_text(register(world)).startswith(
        "Below mentioned cluster node(s) are already Arc enabled with a different ARM Resource Id:\nnode2 : "
        + other
    )
    world = make_world(2)
    rid = world.machine_id(
        world.node("node1"), world.target.subscription_id, world.target.resource_group
    )
    world.azure.put(
        world.target.caller_id,
        rid,
        location="eastus",
        properties={"parentClusterResourceId": "/other"},
    )
    assert error_text(register(world)).startswith(
        "Arc machine(s) with names: node1 already exists in the Resource Group hci01-rg"
    )


def test_double_hop_needs_delegation():
    world = make_world(3)
    ok = run(world, "node1", "New-PSSession", ComputerName=("node2.contoso.local", "node3"))
    assert [s["ComputerName"] for s in ok.output] == ["node2.contoso.local", "node3"]
    world.node("node1").delegation = None
    denied = run(world, "node1", "New-PSSession", ComputerName="node2")
    assert denied.errors[0].fully_qualified_error_id == "AccessDenied,PSSessionOpenFailed"
    assert "Access is denied" in denied.errors[0].message
    # inside a remote session even localhost is a second hop (stackhci.ps1 opens it first)
    loopback = run(world, "node1", "New-PSSession", ComputerName="localhost")
    assert loopback.errors[0].fully_qualified_error_id == "AccessDenied,PSSessionOpenFailed"
    assert "[localhost] Connecting to remote server localhost failed" in error_text(register(world))
    world.node("node1").delegation = "credssp"
    cluster = run(world, "node1", "New-PSSession", ComputerName="hci01.contoso.local")
    assert cluster.output[0]["State"] == "Opened"


def test_the_sessions_os_info_script_opens_what_new_pssession_opens_and_reads_each_os():
    """SESSIONS_OS_INFO (transport/scripts.py) from node1: New-PSSession's own error records for
    the names it cannot open, each opened session's CIM_OperatingSystem answer (its own
    Get-CimInstance's) tagged with PSComputerName = the name it was opened by, and no session
    left open (Remove-PSSession in finally)."""
    world = make_world(3)
    world.node("node3").reachable = False
    names = ("localhost", "node2.contoso.local", "node3.contoso.local")
    opened = run(world, "node1", "New-PSSession", ComputerName=names)
    world.node("node1").open_sessions = 0
    script = Command.script_block(SESSIONS_OS_INFO, ComputerName=names)

    result = dispatch(world, world.node("node1"), script, None)

    assert result.errors == opened.errors  # node3: the same record New-PSSession writes
    assert [r.message.split("]")[0] for r in result.errors] == ["[node3.contoso.local"]
    node2_alone = run(world, "node2", "Get-CimInstance", ClassName="CIM_OperatingSystem").output
    assert [item["PSComputerName"] for item in result.output] == [
        "localhost",
        "node2.contoso.local",
    ]
    assert result.output[1] == {**node2_alone[0], "PSComputerName": "node2.contoso.local"}
    assert result.output[0]["CSName"] == "NODE1"
    assert world.node("node1").open_sessions == 0
    world.node("node1").delegation = None
    denied = dispatch(world, world.node("node1"), script, None)
    assert not denied.output
    assert {r.fully_qualified_error_id for r in denied.errors} >= {
        "AccessDenied,PSSessionOpenFailed"
    }


def test_reserved_shapes_w32tm_and_wevtutil():
    world = make_world(2)
    node = world.node("node2")
    node.clock_offset_s = -95
    result = tool(world, "node2", "w32tm.exe", "/resync", "/force")
    assert result.output == (
        "Sending resync command to local computer",
        "The command completed successfully.",
    )
    assert result.exit_code == 0
    assert node.clock_offset_s == 0
    assert tool(world, "node2", "wevtutil.exe", "gl", DEBUG).output == (
        f"name: {DEBUG}",
        "enabled: false",
    )
    # without /q wevtutil asks before enabling (and clearing) a debug channel: nothing changes
    unasked = tool(world, "node2", "wevtutil.exe", "sl", DEBUG, "/e:true")
    assert "Do you want to enable this log?" in unasked.output[0]
    assert tool(world, "node2", "wevtutil.exe", "gl", DEBUG).output[1] == "enabled: false"
    assert tool(world, "node2", "wevtutil.exe", "sl", "/q", "/e:true", DEBUG).exit_code == 0
    assert node.debug_channel_enabled is True
    assert tool(world, "node2", "wevtutil.exe", "sl", "/q", "/e:false", DEBUG).exit_code == 0
    assert node.debug_channel_enabled is False
    assert tool(world, "node2", "wevtutil.exe", "gl", "No-Such/Log").exit_code == 15007


def test_service_and_time_queries():
    world = make_world(2)
    world.node("node2").clock_offset_s = 30
    assert run(world, "node2", "Get-Date", Format="o").first.startswith("2026-01-05T09:00:30.")
    assert (
        run(world, "node2", "Get-Service", Name="himds").first["DisplayName"]
        == "Azure Hybrid Instance Metadata Service"
    )
    missing = run(world, "node2", "Get-Service", Name="nope")
    assert missing.errors[0].fully_qualified_error_id.startswith("NoServiceFoundForGivenName")
    assert tool(world, "node2", "sc.exe", "query", "nope").exit_code == 1060


def test_endpoint_probes_tell_dns_tcp_and_tls_apart():
    world = make_world(2)
    node = world.node("node1")
    node.endpoints = {
        "login.microsoftonline.com": "tls_inspection",
        "dp.stackhci.azure.com": "dns_failure",
    }
    tls = run(
        world, "node1", "Test-NetConnection", ComputerName="login.microsoftonline.com", Port=443
    )
    assert tls.first["TcpTestSucceeded"] is True
    web = run(
        world,
        "node1",
        "Invoke-WebRequest",
        Uri="https://login.microsoftonline.com/",
        UseBasicParsing=True,
    )
    assert (
        "Could not establish trust relationship for the SSL/TLS secure channel"
        in web.errors[0].message
    )
    dns = run(world, "node1", "Test-NetConnection", ComputerName="dp.stackhci.azure.com", Port=443)
    assert dns.first["NameResolutionSucceeded"] is False
    assert dns.warnings == ("Name resolution of dp.stackhci.azure.com failed",)


def test_reboot_starts_automatic_services_and_sets_last_boot():
    world = make_world(2)
    node = world.node("node2")
    node.services["hcisvc"].running = False
    world.clock.advance(600)
    run(world, "node2", "Restart-Computer", Force=True)
    assert node.services["hcisvc"].running
    assert node.last_boot == world.now()
    assert world.in_warmup(node)
    world.clock.advance(15 * 60)
    assert not world.in_warmup(node)


def test_azcmagent_proxy_config_takes_effect_on_himds_restart():
    world = make_world(2)
    assert (
        tool(world, "node1", "azcmagent", "config", "set", "proxy.url", "http://p:8080").exit_code
        == 0
    )
    assert agent(world, "node1")["httpsProxy"] == ""
    run(world, "node1", "Restart-Service", Name="himds")
    assert agent(world, "node1")["httpsProxy"] == "http://p:8080"


def test_machine_proxy_through_the_registry_and_cluster_nodes():
    world = make_world(3, "A2")
    path = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"
    missing = run(world, "node1", "Get-ItemProperty", Path=path, Name="https_proxy")
    assert missing.errors[0].message.startswith("Property https_proxy does not exist at path")
    run(world, "node1", "Set-ItemProperty", Path=path, Name="https_proxy", Value="http://p:3128")
    assert run(world, "node1", "Get-ItemProperty", Path=path, Name="https_proxy").first == {
        "https_proxy": "http://p:3128"
    }
    assert world.node("node1").mutations["setx:https_proxy"] == 1
    states = {n["Name"]: n["State"] for n in run(world, "node1", "Get-ClusterNode").output}
    assert states == {"node1": "Up", "node2": "Up", "node3": "Down"}


def test_get_azurestackhci_on_22h2_adds_region_imds_attestation_and_diagnostic_level():
    world = make_world(2)
    for node in world.ordered_nodes():
        node.os_build = "20349"
    register(world)
    view = hci(world)
    assert (view["Region"], view["IMDSAttestation"], view["DiagnosticLevel"]) == (
        world.target.region,
        "Disabled",
        "Basic",
    )
    assert not {"EnvironmentName", "SubscriptionId", "TenantId"} & set(view)


@pytest.mark.parametrize("module", MODULE_VERSIONS)
def test_the_identity_model_follows_the_module_version(module):
    """1.2.0-2.2.2: the HCI service creates `<cluster>` and `<cluster>.arc`, and the Arc
    integration records the Arc app; 2.2.3+: no Arc app, ApplicationId empty, the Arc roles on
    the cluster's managed identity, and the node's metadata endpoint gives its token."""
    world = make_world(2, module=module)
    assert register(world).first["Result"] == "Success"
    apps = {a.display_name: a for a in world.azure.apps.values()}
    arc = arc_integration(world)
    reg = world.cluster.registration
    scope = f"/subscriptions/{reg.subscription_id}/resourceGroups/{reg.arc_resource_group}"
    onboarding = "Azure Connected Machine Onboarding"
    cluster_identity = world.azure.find(reg.resource_id).identity["principalId"]
    if module in WITH_ARC_APP:
        assert sorted(apps) == ["hci01", "hci01.arc"]
        assert arc["ApplicationId"] == apps["hci01.arc"].app_id
        assert world.azure.has_assignment(apps["hci01.arc"].sp_object_id, onboarding, scope)
        assert not world.azure.has_assignment(cluster_identity, onboarding, scope)
    else:
        assert sorted(apps) == ["hci01"]
        assert arc["ApplicationId"] is None
        assert world.azure.has_assignment(cluster_identity, onboarding, scope)
        environment = metadata(world, "node2", "instance").first["compute"]["AzEnvironment"]
        assert environment == "AzurePublicCloud"
        assert "Disable-AzureStackHCIArcIntegration" not in error_text(
            run(world, "node2", "Disable-AzureStackHCIArcIntegration")
        )  # without -AccessToken the node cmdlet refuses (lab text)
        assert arc_cmdlet(world, "node2", "Disable-AzureStackHCIArcIntegration").errors == ()
        assert arc_integration(world)["NodesArcStatus"]["node2"] == "Disabled"
    assert agent(world, "node1")["status"] == "Connected"


def test_the_metadata_endpoint_wants_its_header_and_a_registered_cluster():
    world = make_world(2)
    assert "Unable to connect" in error_text(metadata(world, "node1", "instance"))
    register(world)
    no_header = run(world, "node1", "Invoke-RestMethod", Uri=f"{METADATA}/instance")
    assert "Required metadata header not specified" in error_text(no_header)


def test_only_microsofts_names_exist_in_the_arc_his_zone():
    """lab/public_dns.py: in the hybrid identity service zone the lab's DNS has the names
    Microsoft's per-region lists give (eus., weu., ... and gbl.), not `<region name>.his...`."""
    world = make_world(1)
    for host in ("gbl.his.arc.azure.com", "eus.his.arc.azure.com", "usgv.his.arc.azure.us"):
        probe = run(world, "node1", "Test-NetConnection", ComputerName=host, Port=443)
        assert probe.first["TcpTestSucceeded"] is True, host
    missing = run(world, "node1", "Test-NetConnection", ComputerName="eastus.his.arc.azure.com")
    assert missing.first["NameResolutionSucceeded"] is False
    assert missing.warnings == ("Name resolution of eastus.his.arc.azure.com failed",)
    web = run(
        world,
        "node1",
        "Invoke-WebRequest",
        Uri="https://eastus.his.arc.azure.com",
        UseBasicParsing=True,
    )
    assert web.errors
