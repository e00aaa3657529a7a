"""Named fault scenarios: each puts a world into the state of one row of SCENARIOS.md.

The lab knows nothing about flows: a scenario only changes facts, it never says how the
product should react. Where the fault is "something happened after a good registration", the
scenario registers through the cmdlet surface first (so the state is what the real cmdlet
leaves behind) and then breaks one thing. Nodes are chosen by position so a scenario fits any
cluster of two or more nodes; `first`/`second`/`last` below are those positions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs

from orchestrator.lab import node_ops
from orchestrator.lab.azure import ARC_NAMESPACE, GUEST_CONFIG_NAMESPACE, AppRegistration
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult


@attrs.frozen
class Scenario:
    id: str
    title: str
    apply: Callable[[LabWorld], None]


class ScenarioError(RuntimeError):
    """A scenario could not reach its state (a lab bug, or node facts that contradict it)."""


# --- helpers: drive the surface the way an operator would --------------------------------------


def _version(value: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in (value or "0").split(".") if p.isdigit())


def nodes(world: LabWorld) -> list[LabNode]:
    found = world.ordered_nodes()
    if len(found) < 2:
        raise ScenarioError("scenarios need a cluster of at least two nodes")
    return found


def _run(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Run as the operator would at a console: a host that shows host lines, the formatted
    output read back into fields."""
    from orchestrator.lab.host import RecordingHost
    from orchestrator.lab.surface import dispatch
    from orchestrator.transport.formatting import read_formatted

    host = RecordingHost()
    result = dispatch(world, node, command, host)
    return attrs.evolve(result, output=read_formatted(result.output), host_lines=host.lines)


def register(world: LabWorld, **overrides: str | bool) -> CommandResult:
    """Run Register-AzStackHCI on the first node for the world's target, as the operator."""
    target = world.target
    parameters: dict[str, str | bool] = {
        "SubscriptionId": target.subscription_id,
        "Region": target.region,
        "TenantId": target.tenant_id,
        "ResourceGroupName": target.resource_group,
        "EnvironmentName": target.cloud,
        "ArmAccessToken": world.caller_token(),
        "AccountId": target.caller_upn,
    }
    parameters.update(overrides)
    return _run(world, nodes(world)[0], Command.cmdlet("Register-AzStackHCI", **parameters))


def registered(world: LabWorld, **overrides: str | bool) -> None:
    result = register(world, **overrides)
    if result.failed or result.first.get("Result") != "Success":
        detail = result.errors[0].message if result.errors else (result.host_errors, result.first)
        raise ScenarioError(f"registration in the scenario failed: {detail}")


def _second_tenant(world: LabWorld) -> None:
    """The operator's account is also a guest in another tenant (seeds/000 'Unable to acquire token')."""
    other = world.new_guid()
    world.azure.add_tenant(other, world.target.cloud, display_name="Fabrikam")
    world.azure.principals[world.target.caller_id].tenants.append(other)


def _onboarding_sp(world: LabWorld, *, with_role: bool = True) -> AppRegistration:
    """A service principal for at-scale onboarding (facts §2.3); its secret is obtained with
    `world.azure.reset_credential(app_id)`, never stored in the world."""
    app = world.azure.create_app(world.target.tenant_id, "arc-onboarding")
    if with_role:
        scope = f"/subscriptions/{world.target.subscription_id}/resourceGroups/{world.target.resource_group}"
        world.azure.assign_role(app.sp_object_id, "Azure Connected Machine Onboarding", scope)
    return app


def onboarding_principal(world: LabWorld) -> tuple[str, str]:
    """(app id, a fresh secret) of the at-scale onboarding service principal the D scenarios
    onboard with, added to a world built without a scenario (the scale bench and tests)."""
    app = _onboarding_sp(world)
    return app.app_id, world.azure.reset_credential(app.app_id)


def _agent_connect(world: LabWorld, node: LabNode, group: str | None = None) -> None:
    target = world.target
    outcome = node_ops.agent_connect(
        world,
        node,
        node_ops.AgentAuth(principal_id=target.caller_id),
        node_ops.AgentTarget(
            subscription_id=target.subscription_id,
            resource_group=group or target.resource_group,
            location=target.region,
            cloud=target.cloud,
            resource_name=node.name,
            tenant_id=target.tenant_id,
        ),
    )
    if not outcome.ok:
        raise ScenarioError(" ".join(outcome.lines))


# --- A. Registration ------------------------------------------------------------------------------


def _a1(world: LabWorld) -> None:
    nodes(world)[1].services["hcisvc"].running = False


def _a2(world: LabWorld) -> None:
    nodes(world)[-1].reachable = False


def _a3(world: LabWorld) -> None:
    endpoints = world.endpoints(world.target.cloud)
    second = nodes(world)[1]
    for key in ("authority", "hci_dataplane"):
        second.endpoints[endpoints[key]] = "firewall_drop"


def _a4(world: LabWorld) -> None:
    # One more failure than hcisvc retries per call: the first attempt fails after all retries,
    # the next one succeeds in retry.
    nodes(world)[0].faults.aad_transient_failures = node_ops.AAD_ATTEMPTS + 1


def _a5(world: LabWorld) -> None:
    nodes(world)[0].clock_offset_s = 420.0


def _a6(world: LabWorld) -> None:
    _second_tenant(world)


def _a7(world: LabWorld) -> None:
    caller = world.target.caller_id
    world.azure.remove_assignments(caller)
    world.azure.assign_role(caller, "Contributor", f"/subscriptions/{world.target.subscription_id}")


def _a8(world: LabWorld) -> None:
    sub = world.azure.subscriptions[world.target.subscription_id]
    for namespace in (ARC_NAMESPACE, GUEST_CONFIG_NAMESPACE):
        sub.providers[namespace] = "NotRegistered"
    # The caller has the seeds/001 custom role without the right to register those providers.
    role = world.azure.add_custom_hci_role(sub.id, with_group_rights=True)
    role.actions = [
        a
        for a in role.actions
        if not a.lower().startswith(("microsoft.hybridcompute", "microsoft.guestconfiguration"))
    ]
    caller = world.target.caller_id
    world.azure.remove_assignments(caller)
    world.azure.assign_role(caller, role.name, f"/subscriptions/{sub.id}")


def _a9(world: LabWorld) -> None:
    """An input fault: nothing in the world changes; registering with a region outside the
    cloud's list (e.g. westus2 in AzureCloud) shows the symptom."""


def _a10(world: LabWorld) -> None:
    world.azure.tenants[world.target.tenant_id].admin_consent_required = True


def _a11(world: LabWorld) -> None:
    endpoints = world.endpoints(world.target.cloud)
    hcisvc_hosts = {endpoints["authority"], endpoints["hci_dataplane"]}
    for node in nodes(world):
        for key in ("arc_login", "arc_pas", "arc_his", "arc_guestconfig", "arc_notification"):
            if endpoints[key] not in hcisvc_hosts:
                node.endpoints[endpoints[key]] = "proxy_required"


# --- B. Unregistration -----------------------------------------------------------------------------


def _b1(world: LabWorld) -> None:
    registered(world)
    other = world.new_guid()
    world.azure.add_subscription(other, world.target.tenant_id, name="lab-other")
    world.azure.assign_role(world.target.caller_id, "Owner", f"/subscriptions/{other}")
    result = _run(
        world,
        nodes(world)[0],
        Command.cmdlet(
            "Unregister-AzStackHCI",
            SubscriptionId=other,
            TenantId=world.target.tenant_id,
            ArmAccessToken=world.caller_token(),
            AccountId=world.target.caller_upn,
        ),
    )
    if result.failed:
        raise ScenarioError(f"the wrong-subscription unregister failed: {result.errors[0].message}")


def _b2(world: LabWorld) -> None:
    registered(world)
    nodes(world)[1].faults.arc_disable_fails = True


def _b3(world: LabWorld) -> None:
    registered(world)
    reg = world.cluster.registration
    assert reg is not None
    world.azure.remove(reg.resource_id)  # deleted in the portal, with its arcSettings


def _b4(world: LabWorld) -> None:
    registered(world)
    _second_tenant(world)


# --- C. Repair -------------------------------------------------------------------------------------


def _periodic_sync(world: LabWorld) -> None:
    """hcisvc's own background sync (what the portal's 'last connected' reflects)."""
    node_ops.census_sync(world, nodes(world)[0])


def _c1(world: LabWorld) -> None:
    registered(world)
    reg = world.cluster.registration
    assert reg is not None
    world.azure.delete_app(reg.app_id)
    world.clock.advance(9 * 3600)
    _periodic_sync(world)


# The last module whose registration creates the `<cluster>.arc` app (ChangeLog 2.2.3: Arc
# onboards with the cluster's managed identity from then on).
LAST_ARC_APP_MODULE = "2.1.2"


def _c2(world: LabWorld) -> None:
    """Only a cluster whose Arc integration has an app can lose it: a world set to play
    Az.StackHCI 2.2.3 or later plays 2.1.2 on the cmdlet host for this row."""
    first = nodes(world)[0]
    if _version(first.modules.get("Az.StackHCI")) >= (2, 2, 3):
        first.modules["Az.StackHCI"] = LAST_ARC_APP_MODULE
    registered(world)
    world.azure.delete_app(world.cluster.arc.app_id)


def _c3(world: LabWorld) -> None:
    registered(world)
    for node in nodes(world):
        node.faults.cert_rotation_fails = True
    world.clock.advance(3600)
    _periodic_sync(world)


def _c4(world: LabWorld) -> None:
    registered(world)
    reg = world.cluster.registration
    assert reg is not None
    rp = world.azure.hci_rp_principal(reg.tenant_id)
    world.azure.remove_assignments(
        rp.object_id, role_name="Azure Connected Machine Resource Manager"
    )
    world.settle()


# C5: the node appears in arcSettings this long after it was Arc-enabled (under the 12 h the docs name).
C5_PROJECTION_DELAY_S = 4 * 3600.0


def _c5(world: LabWorld) -> None:
    nodes(world)[1].faults.arc_projection_delay_s = C5_PROJECTION_DELAY_S
    result = register(world)
    if result.failed:
        raise ScenarioError(f"registration in the scenario failed: {result.errors[0].message}")


def _c6(world: LabWorld) -> None:
    registered(world)
    first, second = nodes(world)[:2]
    world.clock.advance(3600)
    _run(world, second, Command.cmdlet("Restart-Computer", Force=True))
    world.clock.advance(60)
    _run(world, first, Command.cmdlet("Sync-AzureStackHCI"))


def _c7(world: LabWorld) -> None:
    registered(world)
    second = nodes(world)[1]
    world.clock.advance(45 * 24 * 3600)
    expired = world.now() - timedelta(days=15)
    second.arc_agent.identity_expires = expired
    second.arc_agent.last_heartbeat = expired - timedelta(days=30)
    world.settle()
    for node in nodes(world):
        node.last_connected = world.now()
    second.last_connected = second.arc_agent.last_heartbeat


def _c8(world: LabWorld) -> None:
    registered(world)
    second = nodes(world)[1]
    world.clock.advance(3600)
    world.out_of_policy(second, 591)


def _c9(world: LabWorld) -> None:
    world.cluster.created = world.now() - timedelta(days=31)


def _c10(world: LabWorld) -> None:
    nodes(world)[0].modules["Az.StackHCI"] = "1.4.1"
    registered(world)


def _c11(world: LabWorld) -> None:
    first = nodes(world)[0]
    first.clock_offset_s = 420.0
    first.faults.time_skew_signature = "AADSTS80013"


# --- D. Arc agent ----------------------------------------------------------------------------------


def _d1(world: LabWorld) -> None:
    first, second = nodes(world)[:2]
    _onboarding_sp(world)
    _agent_connect(world, second)  # connect again -> AZCM0067
    _agent_connect(world, first)
    world.azure.remove(
        first.arc_agent.resource_id
    )  # disconnect -> AZCM0043, --force-local-only works


def _d2(world: LabWorld) -> None:
    """An input fault: bad --tags, --cloud, --correlation-id, a missing parameter or a bad
    --resource-name is rejected by the agent (AZCM0013-0017) whatever the world's state."""
    _onboarding_sp(world)


def _d3(world: LabWorld) -> None:
    _onboarding_sp(world)
    login = world.endpoints(world.target.cloud)["arc_login"]
    found = nodes(world)
    found[0].endpoints[login] = "dns_failure"
    found[1].endpoints[login] = "firewall_drop"
    if len(found) > 2:
        found[2].endpoints[login] = "proxy_required"


def _d4(world: LabWorld) -> None:
    _onboarding_sp(world)
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    world.azure.reset_credential(app.app_id)  # whatever secret the operator holds is now stale


def _d5(world: LabWorld) -> None:
    _onboarding_sp(world, with_role=False)


def _d6(world: LabWorld) -> None:
    _onboarding_sp(world)
    world.azure.subscriptions[world.target.subscription_id].providers[ARC_NAMESPACE] = (
        "NotRegistered"
    )
    arm = world.endpoints(world.target.cloud)["arm"]
    nodes(world)[-1].endpoints[arm] = "proxy_required"


# --- E. Evidence -----------------------------------------------------------------------------------


def _e1(world: LabWorld) -> None:
    second = nodes(world)[1]
    second.services["hcisvc"].running = False
    register(world)  # fails: RegisterHCI_<t0>.log with the error
    second.services["hcisvc"].running = True
    world.clock.advance(120)
    registered(world)  # RegisterHCI_<t0+2min>.log
    world.clock.advance(120)
    stale = world.azure.issue_token(world.target.caller_id, world.target.tenant_id, lifetime_s=0)
    _run(
        world,
        nodes(world)[0],
        Command.cmdlet(
            "Unregister-AzStackHCI",
            TenantId=world.target.tenant_id,
            ArmAccessToken=stale,
            AccountId=world.target.caller_upn,
        ),
    )  # fails at sign-in: UnregisterHCI_<t0+4min>.log, the cluster stays registered


def _e2(world: LabWorld) -> None:
    registered(world)
    nodes(world)[1].faults.aad_transient_failures = 2


def _e3(world: LabWorld) -> None:
    registered(world)


# --- F. Azure Local 23H2 and later: Arc-first registration (issue 13) -----------------------------

# azure-local/includes/hci-registration-azure-prerequisites.md: the providers an owner registers
# before the machines are registered (the lab keeps its own copy; it does not import the product).
AZURE_LOCAL_PROVIDERS = (
    "Microsoft.HybridCompute",
    "Microsoft.GuestConfiguration",
    "Microsoft.HybridConnectivity",
    "Microsoft.AzureStackHCI",
    "Microsoft.Kubernetes",
    "Microsoft.KubernetesConfiguration",
    "Microsoft.ExtendedLocation",
    "Microsoft.ResourceConnector",
    "Microsoft.HybridContainerService",
    "Microsoft.Attestation",
    "Microsoft.Storage",
    "Microsoft.Insights",
    "Microsoft.KeyVault",
)


def _f1(world: LabWorld) -> None:
    """A fresh Azure Local 23H2 system: every node runs the 23H2 OS, nothing registered yet, the
    subscription's owner registered the providers the prerequisites list."""
    for node in nodes(world):
        node.set_release("23H2")
    sub = world.azure.subscriptions[world.target.subscription_id]
    for namespace in AZURE_LOCAL_PROVIDERS:
        sub.providers[namespace] = "Registered"
    _arc_gateway(world)


# The Arc gateway of the F scenarios (lab naming). Its resource has the Gateways - Get shape
# (azure-rest-api-specs hybridcompute stable/2024-07-10 examples/gateway/Gateway_Get.json) and
# its endpoint the form Microsoft's Azure Local page lists, https://<gatewayId>.gw.arc.azure.com
# (azure-stack-docs azure-local/deploy/deployment-azure-arc-gateway-overview.md @ f2d4be11,
# "Azure Local endpoints not redirected", row 9).
ARC_GATEWAY_GROUP = "arcgw-rg"
ARC_GATEWAY_NAME = "arcgw"


def _arc_gateway(world: LabWorld) -> None:
    target = world.target
    if world.azure.find_group(target.subscription_id, ARC_GATEWAY_GROUP) is None:
        world.azure.create_group(
            target.caller_id, target.subscription_id, ARC_GATEWAY_GROUP, target.region, {}
        )
    gateway_id = world.new_guid()
    world.azure.put(
        target.caller_id,
        f"/subscriptions/{target.subscription_id}/resourceGroups/{ARC_GATEWAY_GROUP}"
        f"/providers/Microsoft.HybridCompute/gateways/{ARC_GATEWAY_NAME}",
        location=target.region,
        properties={
            "provisioningState": "Succeeded",
            "gatewayId": gateway_id,
            "gatewayType": "Public",
            "gatewayEndpoint": f"https://{gateway_id}.gw.arc.azure.com",
            "allowedFeatures": ["*"],
        },
    )


def _f2(world: LabWorld) -> None:
    _f1(world)
    target = world.target
    other = "azlocal-old-rg"
    world.azure.create_group(target.caller_id, target.subscription_id, other, target.region, {})
    _agent_connect(world, nodes(world)[1], other)


def _f3(world: LabWorld) -> None:
    _f1(world)
    nodes(world)[0].clock_offset_s = 420.0


def _f7(world: LabWorld) -> None:
    _f1(world)
    nodes(world)[-1].time_source = "Local CMOS Clock"


def _f4(world: LabWorld) -> None:
    _f1(world)
    endpoints = world.endpoints(world.target.cloud)
    second = nodes(world)[1]
    for key in ("arm", "arc_login", "authority"):
        second.endpoints[endpoints[key]] = "tls_inspection"


def _f5(world: LabWorld) -> None:
    _f1(world)
    nodes(world)[1].faults.extension_failure = "AzureEdgeLifecycleManager"


def _f6(world: LabWorld) -> None:
    _f1(world)
    sub = world.azure.subscriptions[world.target.subscription_id]
    sub.providers["Microsoft.HybridConnectivity"] = "NotRegistered"
    caller = world.target.caller_id
    world.azure.remove_assignments(caller)
    world.azure.assign_role(caller, "Reader", f"/subscriptions/{sub.id}")


SCENARIOS: dict[str, Scenario] = {
    s.id: s
    for s in (
        Scenario(
            "A1",
            "hcisvc stopped on the second node: 'Couldn't generate self-signed certificate on node(s)'",
            _a1,
        ),
        Scenario(
            "A2",
            "the last node is not reachable over PowerShell Remoting: New-PSSession fails",
            _a2,
        ),
        Scenario(
            "A3",
            "the second node's firewall drops the HCI endpoints: 'Couldn't set and verify registration certificate'",
            _a3,
        ),
        Scenario(
            "A4",
            "transient AADTokenFetch errors on the first node: fails after all retries once, then succeeds in retry",
            _a4,
        ),
        Scenario(
            "A5",
            "the first node's clock is 7 minutes fast: AADSTS700027 'The key used is expired'",
            _a5,
        ),
        Scenario(
            "A6",
            "the operator's account is in two tenants: registering without -TenantId fails (MFA text)",
            _a6,
        ),
        Scenario(
            "A7",
            "the operator is only Contributor: role assignment for the HCI resource provider is denied",
            _a7,
        ),
        Scenario(
            "A8",
            "Microsoft.HybridCompute/GuestConfiguration not registered and no right to register them",
            _a8,
        ),
        Scenario(
            "A9",
            "input fault: a region outside the cloud's list ('not yet available in region')",
            _a9,
        ),
        Scenario(
            "A10",
            "the tenant requires admin consent: registration ends PendingForAdminConsent",
            _a10,
        ),
        Scenario(
            "A11",
            "Arc endpoints need a proxy and none is set: Arc fails, portal shows Not Installed",
            _a11,
        ),
        Scenario(
            "B1",
            "unregistered with the wrong -SubscriptionId: local 'NotYet', cluster and Arc resources remain",
            _b1,
        ),
        Scenario(
            "B2",
            "Arc integration cannot be disabled on the second node: 'Couldn't disable Azure Arc integration'",
            _b2,
        ),
        Scenario("B3", "the HCI resource was deleted in the portal without unregistering", _b3),
        Scenario(
            "B4",
            "registered cluster, operator's account now in two tenants: unregister without -TenantId fails",
            _b4,
        ),
        Scenario(
            "C1",
            "the <cluster> app registration was deleted: 'Application with identifier ... was not found'",
            _c1,
        ),
        Scenario(
            "C2",
            "the <cluster>.arc app registration was deleted: no visible error until unregister",
            _c2,
        ),
        Scenario(
            "C3",
            "certificates cannot rotate: 'Client assertion failed signature validation' / 'Invalid Audience'",
            _c3,
        ),
        Scenario(
            "C4",
            "'Azure Connected Machine Resource Manager' removed from the HCI RP: portal Arc 'Not Installed'",
            _c4,
        ),
        Scenario(
            "C5",
            "transient Arc 'Not Installed' after registration on the second node (clears within 12 h)",
            _c5,
        ),
        Scenario(
            "C6",
            "Sync-AzureStackHCI right after the second node rebooted deleted its Arc resource",
            _c6,
        ),
        Scenario(
            "C7",
            "the second node was disconnected for weeks: its Arc agent certificate expired",
            _c7,
        ),
        Scenario("C8", "the second node is OutOfPolicy: Admin events 585 and 591", _c8),
        Scenario(
            "C9",
            "never registered and 31 days old: VM creation fails ('licensed for a particular number of connections')",
            _c9,
        ),
        Scenario(
            "C10",
            "registered with Az.StackHCI 1.4.1: Arc machines in a separate '<rg>-arc' group",
            _c10,
        ),
        Scenario(
            "C11",
            "the first node's clock is 7 minutes fast: AADSTS80013 OnPremisesPasswordValidationTimeSkew",
            _c11,
        ),
        Scenario(
            "D1",
            "agent already connected (AZCM0067) and a connected agent whose resource is gone (AZCM0043)",
            _d1,
        ),
        Scenario(
            "D2",
            "input fault: invalid tags, cloud, correlation ID, resource name or a missing parameter (AZCM0013-0017)",
            _d2,
        ),
        Scenario(
            "D3",
            "login endpoint: no such host (first node), network unreachable (second), Forbidden (third)",
            _d3,
        ),
        Scenario(
            "D4",
            "the onboarding service principal's secret was reset: 'Invalid client secret is provided'",
            _d4,
        ),
        Scenario(
            "D5",
            "the onboarding service principal lacks 'Azure Connected Machine Onboarding' (403)",
            _d5,
        ),
        Scenario(
            "D6",
            "Microsoft.HybridCompute not registered; the last node needs a proxy for the ARM endpoint",
            _d6,
        ),
        Scenario(
            "E1",
            "registration logs on the first node: a failed and a successful RegisterHCI_*.log, a failed UnregisterHCI_*.log",
            _e1,
        ),
        Scenario(
            "E2",
            "hcisvc debug channel disabled; the second node has transient AADTokenFetch errors to capture",
            _e2,
        ),
        Scenario("E3", "a registered cluster whose nodes have Arc agent logs (azcmagent.log)", _e3),
        Scenario(
            "F1",
            "Azure Local 23H2 on every node, not registered yet; the subscription's providers registered",
            _f1,
        ),
        Scenario(
            "F2",
            "Azure Local: the second machine is already registered with Arc in another resource group",
            _f2,
        ),
        Scenario("F3", "Azure Local: the first machine's clock is 7 minutes fast", _f3),
        Scenario(
            "F4",
            "Azure Local: TLS inspection between the second machine and ARM / Entra ID",
            _f4,
        ),
        Scenario(
            "F5",
            "Azure Local: AzureEdgeLifecycleManager fails to enable on the second machine",
            _f5,
        ),
        Scenario(
            "F6",
            "Azure Local: Microsoft.HybridConnectivity not registered and the operator only Reader",
            _f6,
        ),
        Scenario(
            "F7",
            "Azure Local: the last machine has no time server (w32tm's source: Local CMOS Clock)",
            _f7,
        ),
    )
}
