"""What the node-side services do: hcisvc's certificates and cloud calls, the Arc agent's
connect/disconnect, Arc integration per node, and the census sync.

Shared by the cmdlet handlers (several cmdlets end in the same node behaviour) and written so
that each documented failure falls out of the world's state rather than from a flag per cmdlet.
Callers hold the world lock.
"""

from __future__ import annotations

import re
from datetime import timedelta

import attrs

from orchestrator.lab import texts
from orchestrator.lab.azure import ARC_NAMESPACE, ArmError, resource_id
from orchestrator.lab.world import (
    AZCMAGENT_LOG,
    CERT_LIFETIME,
    ArcAgent,
    Certificate,
    LabNode,
    LabWorld,
)

ARC_MACHINE_TYPE = f"{ARC_NAMESPACE}/machines"
# hcisvc retries a token fetch this many times per call (lab choice; seeds/000 only says "a few").
AAD_ATTEMPTS = 3
# Entra ID accepts client assertions within about five minutes of its own clock (lab threshold).
AAD_SKEW_TOLERANCE_S = 300.0


def egress_text(failure: str | None, host: str) -> str:
    """.NET WebException texts for a failed HTTPS request."""
    if failure == "dns":
        return texts.DNS_NOT_RESOLVED.format(host=host)
    if failure == "tls":
        return texts.TLS_TRUST
    if failure == "forbidden":
        return "The remote server returned an error: (403) Forbidden."
    return texts.CONNECT_FAILED


# --- hcisvc -------------------------------------------------------------------------------------


def generate_certificate(world: LabWorld, node: LabNode) -> Certificate | None:
    """New-AzureStackHCIRegistrationCertificate: needs hcisvc (seeds/000 A1)."""
    if not node.reachable or not node.services["hcisvc"].running:
        return None
    start = world.node_time(node)
    return Certificate(world.new_thumbprint(), start, start + CERT_LIFETIME)


def hcisvc_cloud_call(world: LabWorld, node: LabNode) -> str | None:
    """One call from hcisvc to the HCI cloud service: egress, then AADTokenFetch with retries.

    Returns None on success, else the error hcisvc logs. Debug lines follow seeds/000.
    """
    reg = world.cluster.registration
    if reg is None:
        return "The cluster is not registered with Azure."
    if not node.services["hcisvc"].running:
        return "The Azure Stack HCI Management Service (hcisvc) is not running."
    if node.policy_state == "OutOfPolicy" and node.policy_event in (591, 594):
        return texts.ADMIN_EVENTS[node.policy_event][1]
    endpoints = world.endpoints(reg.cloud)
    for key in ("authority", "hci_dataplane"):
        host = endpoints[key]
        outcome = world.egress(node, host, proxy=node.https_proxy)
        if not outcome.ok:
            error = f"https://{host}: {egress_text(outcome.failure, host)}"
            if key == "authority":
                world.debug_line(node, f"{texts.AAD_FAILED_ALL}. Exception: {error}")
            else:
                world.debug_line(node, f"Call to the Azure Stack HCI cloud service failed: {error}")
            return error
    permanent = _permanent_token_error(world, node)
    if permanent is not None:
        world.debug_line(node, f"{texts.AAD_FAILED_ALL}. Exception: {permanent}")
        return permanent
    for attempt in range(AAD_ATTEMPTS):
        if node.faults.aad_transient_failures > 0:
            node.faults.aad_transient_failures -= 1
            world.debug_line(node, texts.AAD_RETRYABLE)
            continue
        if attempt:
            world.debug_line(node, texts.AAD_SUCCEEDED_RETRY)
        return None
    world.debug_line(node, f"{texts.AAD_FAILED_ALL}. Exception: {texts.AAD_TRANSIENT_EXCEPTION}")
    return f"{texts.AAD_FAILED_ALL}: {texts.AAD_TRANSIENT_EXCEPTION}"


def _permanent_token_error(world: LabWorld, node: LabNode) -> str | None:
    reg = world.cluster.registration
    assert reg is not None
    cert = node.certificate
    if abs(node.clock_offset_s) > AAD_SKEW_TOLERANCE_S:
        if node.faults.time_skew_signature == "AADSTS80013":
            return texts.AADSTS80013
        thumb = cert.thumbprint if cert else "0" * 40
        start = cert.not_before if cert else world.node_time(node)
        end = cert.not_after if cert else start
        return texts.AADSTS700027_EXPIRED.format(
            thumbprint=thumb,
            start=start.strftime("%m/%d/%Y %H:%M:%S"),
            end=end.strftime("%m/%d/%Y %H:%M:%S"),
        )
    app = world.azure.apps.get(reg.app_id)
    if app is None:
        directory = world.azure.tenants[reg.tenant_id].display_name
        return texts.APP_NOT_FOUND.format(app_id=reg.app_id, directory=directory)
    if node.faults.cert_rotation_fails:
        world.debug_line(node, texts.ROTATE_INVALID_AUDIENCE)
        return texts.AADSTS700027_SIGNATURE
    if (
        cert is None
        or cert.thumbprint not in app.key_thumbprints
        or world.node_time(node) > cert.not_after
    ):
        return texts.AADSTS700027_EXPIRED.format(
            thumbprint=cert.thumbprint if cert else "0" * 40,
            start=cert.not_before.strftime("%m/%d/%Y %H:%M:%S") if cert else "-",
            end=cert.not_after.strftime("%m/%d/%Y %H:%M:%S") if cert else "-",
        )
    return None


def sync_node(world: LabWorld, node: LabNode) -> str | None:
    error = hcisvc_cloud_call(world, node)
    if error is None:
        node.last_connected = world.now()
        node.last_sync_error = None
    else:
        node.last_sync_error = error
        world.admin_event(node, 585)
    return error


def census_sync(world: LabWorld, entry: LabNode) -> list[tuple[LabNode, str]]:
    """Sync-AzureStackHCI: a census of the cluster sent to Azure.

    seeds/000 C6: a node still warming up after a reboot is missing from the census, and Azure
    removes that node's Arc resource.
    """
    reg = world.cluster.registration
    assert reg is not None
    failures: list[tuple[LabNode, str]] = []
    for node in world.ordered_nodes():
        if world.in_warmup(node) or not node.reachable:
            machine_id = world.machine_id(node, reg.subscription_id, reg.arc_resource_group)
            machine = world.azure.find(machine_id)
            if (
                machine is not None
                and str(machine.properties.get("parentClusterResourceId", "")).lower()
                == reg.resource_id.lower()
            ):
                world.azure.remove(machine_id)
            continue
        error = sync_node(world, node)
        if error is not None:
            failures.append((node, error))
    world.cluster.last_background_sync = world.now()
    if entry.last_sync_error is None:
        cluster = world.azure.find(reg.resource_id)
        if cluster is not None:
            cluster.properties["lastSyncTimestamp"] = world.now().isoformat()
    world.settle()
    return failures


# --- the Arc agent --------------------------------------------------------------------------------


@attrs.frozen
class AgentAuth:
    """How azcmagent signs in: an access token, a service principal secret, or (for the HCI Arc
    integration) an already-resolved principal."""

    token: str | None = None
    sp_id: str | None = None
    sp_secret: str | None = None
    tenant_id: str | None = None
    principal_id: str | None = None


@attrs.frozen
class AgentTarget:
    subscription_id: str
    resource_group: str
    location: str
    cloud: str
    resource_name: str
    tenant_id: str
    tags: tuple[tuple[str, str], ...] = ()
    parent_cluster_id: str = ""


@attrs.frozen
class AgentOutcome:
    code: str  # AZCM0000 on success
    lines: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.code == "AZCM0000"

    @property
    def exit_code(self) -> int:
        # Lab convention: the numeric part of the AZCM code (facts §2.2 shows "exitcode: 42").
        return int(self.code[4:])


def agent_failure(world: LabWorld, node: LabNode, code: str, *detail: str) -> AgentOutcome:
    lines = (*(f"FATAL   {d}" for d in detail), f"FATAL   {code}: {texts.AZCM_CODES[code]}")
    for line in lines:
        world.append_file(node, AZCMAGENT_LOG, f"{world.node_time(node).isoformat()} {line}")
    return AgentOutcome(code, lines)


def _forced_or_local(world: LabWorld, node: LabNode) -> AgentOutcome | None:
    forced = node.faults.azcm_forced_code
    if forced:
        node.faults.azcm_forced_code = None
        return agent_failure(world, node, forced, "lab: fault injected for this command")
    if not node.faults.elevated:
        return agent_failure(world, node, "AZCM0018", "azcmagent must run elevated")
    return None


def _network(
    world: LabWorld, node: LabNode, cloud: str, flow: str, tenant: str
) -> AgentOutcome | None:
    endpoints = world.endpoints(cloud)
    proxy = node.arc_agent.active_proxy
    login = endpoints["arc_login"]
    outcome = world.egress(node, login, proxy=proxy)
    if not outcome.ok:
        if outcome.failure == "dns":
            detail = texts.DIAL_NO_HOST.format(host=login)
        elif outcome.failure == "forbidden":
            detail = (
                texts.SPN_FORBIDDEN.format(host=login, tenant=tenant)
                if flow == texts.SPN_FLOW
                else texts.DIAL_FORBIDDEN.format(ip=outcome.ip)
            )
        elif outcome.failure == "tls":
            detail = texts.X509_UNKNOWN_AUTHORITY
        else:
            detail = texts.DIAL_UNREACHABLE.format(ip=outcome.ip)
        if flow == texts.SPN_FLOW:
            # seeds/002: the SPN flow reports the token refresh request.
            if outcome.failure == "forbidden":
                return agent_failure(world, node, "AZCM0026", f"{flow}: {detail}")
            request = f"Post https://{login}/{tenant}/oauth2/token?api-version=1.0"
            message = f"Failed to execute the refresh request. Error = '{request}:  {detail}'"
            return agent_failure(world, node, "AZCM0026", f"{flow}: {message}")
        request = f"Post https://{login}/{tenant}/oauth2/devicecode?api-version=1.0"
        return agent_failure(
            world,
            node,
            "AZCM0026",
            f"{flow}: Error occurred while sending request for Device Authorization Code: "
            f"{request}:  {detail}",
        )
    for key in ("arm", "arc_his"):
        host = endpoints[key]
        outcome = world.egress(node, host, proxy=proxy)
        if not outcome.ok:
            if outcome.failure == "dns":
                detail = texts.DIAL_NO_HOST.format(host=host)
            elif outcome.failure == "tls":
                detail = texts.X509_UNKNOWN_AUTHORITY
            elif outcome.failure == "forbidden":
                detail = f"Get https://{host}/:  Forbidden"
            else:
                detail = texts.DIAL_UNREACHABLE.format(ip=outcome.ip)
            return agent_failure(world, node, "AZCM0026", f"{texts.CONNECT_ARM}: {detail}")
    return None


def _sign_in(
    world: LabWorld, node: LabNode, auth: AgentAuth
) -> tuple[str | None, AgentOutcome | None]:
    if auth.principal_id:
        return auth.principal_id, None
    if auth.token:
        try:
            return world.azure.resolve_token(auth.token).principal_id, None
        except ArmError as error:
            return None, agent_failure(world, node, "AZCM0012", error.message)
    if auth.sp_id and auth.sp_secret and auth.tenant_id:
        try:
            principal = world.azure.sign_in_service_principal(
                auth.tenant_id, auth.sp_id, auth.sp_secret
            )
        except ArmError as error:
            return None, agent_failure(
                world, node, "AZCM0041", f"{texts.SPN_FLOW}: {error.message}"
            )
        return principal.object_id, None
    return None, agent_failure(
        world,
        node,
        "AZCM0016",
        "an interactive sign-in is not possible here; pass a service principal or an access token",
    )


def agent_connect(
    world: LabWorld, node: LabNode, auth: AgentAuth, target: AgentTarget
) -> AgentOutcome:
    stop = _forced_or_local(world, node)
    if stop:
        return stop
    if not node.services["himds"].running:
        return agent_failure(world, node, "AZCM0061", "himds is not running")
    agent = node.arc_agent
    if agent.status in ("Connected", "Expired"):
        return agent_failure(
            world, node, "AZCM0067", f"the agent is connected to {agent.resource_id}"
        )
    flow = texts.SPN_FLOW if auth.sp_id else texts.DEVICE_FLOW
    stop = _network(world, node, target.cloud, flow, target.tenant_id)
    if stop:
        return stop
    principal_id, stop = _sign_in(world, node, auth)
    if stop or principal_id is None:
        return stop or agent_failure(world, node, "AZCM0041", "no principal")
    machine_id = resource_id(
        target.subscription_id, target.resource_group, ARC_MACHINE_TYPE, target.resource_name
    )
    try:
        existing = world.azure.get(principal_id, machine_id)
    except ArmError as error:
        if error.status == 403 or error.code == "SubscriptionNotFound":
            return agent_failure(
                world,
                node,
                "AZCM0042",
                f"{texts.GET_ARM_RESOURCE}: {error.message} Status Code={error.status}",
            )
        if error.code == "ResourceGroupNotFound":
            return agent_failure(world, node, "AZCM0042", f"{texts.CONNECT_ARM}: {error.message}")
        existing = None
    if existing is not None:
        return agent_failure(world, node, "AZCM0044", f"{machine_id} already exists")
    vm_id = world.new_guid()
    properties = {
        "status": "Connected",
        "vmId": vm_id,
        "agentVersion": agent.agent_version,
        "lastStatusChange": world.now().isoformat(),
        "osName": "windows",
    }
    if target.parent_cluster_id:
        properties["parentClusterResourceId"] = target.parent_cluster_id
    try:
        world.azure.put(
            principal_id,
            machine_id,
            location=target.location,
            properties=properties,
            tags=dict(target.tags),
        )
    except ArmError as error:
        return agent_failure(world, node, "AZCM0042", f"{texts.CONNECT_ARM}: {error.message}")
    node.arc_agent = attrs.evolve(
        agent,
        status="Connected",
        resource_name=target.resource_name,
        resource_group=target.resource_group,
        subscription_id=target.subscription_id,
        tenant_id=target.tenant_id,
        location=target.location,
        cloud=target.cloud,
        resource_id=machine_id,
        vm_id=vm_id,
        last_heartbeat=world.now(),
        identity_expires=None,
    )
    node.count("azcmagent:connect")
    line = f"INFO    Connected machine to Azure: {machine_id}"
    world.append_file(node, AZCMAGENT_LOG, f"{world.node_time(node).isoformat()} {line}")
    return AgentOutcome("AZCM0000", (line,))


def agent_disconnect(
    world: LabWorld, node: LabNode, auth: AgentAuth | None, *, force_local: bool
) -> AgentOutcome:
    stop = _forced_or_local(world, node)
    if stop:
        return stop
    agent = node.arc_agent
    if agent.status == "Disconnected":
        return agent_failure(world, node, "AZCM0063", "the agent is not connected")
    if not force_local:
        if not node.services["himds"].running:
            return agent_failure(world, node, "AZCM0061", "himds is not running")
        if agent.status == "Expired":
            # The managed-identity certificate lapsed: the agent can no longer sign in (seeds/002 footnote).
            return agent_failure(
                world, node, "AZCM0043", "the agent's identity certificate has expired"
            )
        stop = _network(world, node, agent.cloud, texts.DEVICE_FLOW, agent.tenant_id)
        if stop:
            return stop
        principal_id, stop = _sign_in(world, node, auth or AgentAuth())
        if stop or principal_id is None:
            return stop or agent_failure(world, node, "AZCM0041", "no principal")
        try:
            world.azure.get(principal_id, agent.resource_id)
            world.azure.delete(principal_id, agent.resource_id)
        except ArmError as error:
            return agent_failure(
                world,
                node,
                "AZCM0043",
                f"{error.message} (if the resource no longer exists in Azure, use --force-local-only)",
            )
    node.arc_agent = ArcAgent(
        agent_version=agent.agent_version,
        proxy_url=agent.proxy_url,
        active_proxy=agent.active_proxy,
    )
    node.count("azcmagent:disconnect")
    line = "INFO    Disconnected machine from Azure" + (" (local only)" if force_local else "")
    world.append_file(node, AZCMAGENT_LOG, f"{world.node_time(node).isoformat()} {line}")
    return AgentOutcome("AZCM0000", (line,))


def restart_himds(world: LabWorld, node: LabNode) -> None:
    """himds reads the machine proxy (or its own proxy.url) when it starts (seeds/001 step 3)."""
    node.services["himds"].running = True
    node.arc_agent.active_proxy = node.arc_agent.proxy_url or node.https_proxy


# --- HCI Arc integration per node (facts §1.5) ----------------------------------------------------


def arc_principal(world: LabWorld, token: str | None) -> tuple[str | None, str | None]:
    """(principal, error) the node's Arc integration cmdlets act as: the `<cluster>.arc` app
    where Initialize-AzureStackHCIArcIntegration recorded one, else the cluster's managed
    identity, whose token the caller fetched from the node's metadata endpoint and passed as
    -AccessToken (stackhci.ps1 @06618c80: `$registerArcScript` and Disable-ArcForServers call
    `Enable-/Disable-AzureStackHCIArcIntegration -AccessToken $accessToken.access_token` when
    `ApplicationId` is empty)."""
    arc = world.cluster.arc
    if arc.app_id:
        app = world.azure.apps.get(arc.app_id)
        if app is None:
            directory = world.azure.tenants[arc.tenant_id].display_name
            return None, texts.APP_NOT_FOUND.format(app_id=arc.app_id, directory=directory)
        return app.sp_object_id, None
    if not token:
        return None, texts.ARC_MSI_NEEDS_TOKEN
    try:
        return world.azure.resolve_token(token).principal_id, None
    except ArmError as error:
        return None, error.message


def enable_node_arc(world: LabWorld, node: LabNode, token: str | None = None) -> str | None:
    """Enable-AzureStackHCIArcIntegration on one node: connect the agent as the `<cluster>.arc`
    app, or as the cluster's managed identity with the -AccessToken given (`arc_principal`)."""
    arc = world.cluster.arc
    reg = world.cluster.registration
    if arc.status == "Disabled" or reg is None or not (arc.app_id or arc.principal_id):
        return "Azure Arc integration is not initialized on this cluster. Run Register-AzStackHCI first."
    if node.arc_status == "Enabled" and node.arc_agent.status == "Connected":
        return None  # already enabled: the agent reports itself connected
    principal, problem = arc_principal(world, token)
    if principal is None:
        return problem
    outcome = agent_connect(
        world,
        node,
        AgentAuth(principal_id=principal),
        AgentTarget(
            subscription_id=arc.subscription_id,
            resource_group=arc.resource_group,
            location=arc.region,
            cloud=arc.cloud,
            resource_name=node.name,
            tenant_id=arc.tenant_id,
            parent_cluster_id=reg.resource_id,
        ),
    )
    if not outcome.ok:
        return " ".join(outcome.lines)
    node.arc_status = "Enabled"
    if node.faults.arc_projection_delay_s:
        node.arc_pending_until = world.now() + timedelta(seconds=node.faults.arc_projection_delay_s)
    return None


def disable_node_arc(world: LabWorld, node: LabNode, token: str | None = None) -> str | None:
    """Disable-AzureStackHCIArcIntegration on one node (seeds/000 B2, C2, C7).

    The part that can fail is the agent's disconnect as the `<cluster>.arc` app or the cluster's
    managed identity (`arc_principal`); once the agent is disconnected locally (`azcmagent
    disconnect --force-local-only`, the B2 cleanup path) there is nothing left to fail and the
    node is simply marked Disabled. The cmdlet's own failure is its error record; the
    "Couldn't disable Azure Arc integration on Node ..." line is Unregister-AzStackHCI's.
    """
    if not node.reachable:
        return texts.ARC_DISABLE_FAILED.format(node=node.name)
    if node.arc_agent.status != "Disconnected":
        principal, problem = arc_principal(world, token)
        if node.faults.arc_disable_fails or principal is None:
            return problem or texts.ARC_DISABLE_NODE_FAILED
        outcome = agent_disconnect(
            world, node, AgentAuth(principal_id=principal), force_local=False
        )
        if not outcome.ok:
            # The resource is gone or unreachable: the node still drops its local identity.
            agent_disconnect(world, node, None, force_local=True)
    node.arc_status = "Disabled"
    node.arc_pending_until = None
    node.count("arc:disable")
    return None


# --- azcmagent argument parsing -------------------------------------------------------------------

_SHORT = {
    "-i": "--service-principal-id",
    "-p": "--service-principal-secret",
    "-t": "--tenant-id",
    "-s": "--subscription-id",
    "-g": "--resource-group",
    "-l": "--location",
    "-n": "--resource-name",
    "-f": "--force-local-only",
    "-j": "--json",
    "-v": "--verbose",
}
_FLAGS = {
    "--force-local-only",
    "--json",
    "--verbose",
    "--use-device-code",
    "--ignore-network-check",
}
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_NAME = re.compile(r"^[A-Za-z0-9_-]*[A-Za-z0-9]$")
_TAG = re.compile(r"^\s*('[^']*'|[^=,']+)\s*=\s*('[^']*'|[^=,']*)\s*$")


def parse_agent_args(arguments: list[str], allowed: set[str]) -> tuple[dict[str, str], str | None]:
    """Parse `--name value` / `--name=value` / short flags; returns (options, unknown flag)."""
    options: dict[str, str] = {}
    index = 0
    while index < len(arguments):
        arg = _SHORT.get(arguments[index], arguments[index])
        value: str | None = None
        if "=" in arg and arg.startswith("--"):
            arg, value = arg.split("=", 1)
        if arg not in allowed:
            return options, arguments[index]
        if arg in _FLAGS:
            options[arg] = "true"
        else:
            if value is None:
                index += 1
                if index >= len(arguments):
                    return options, arg
                value = arguments[index]
            options[arg] = value
        index += 1
    return options, None


def valid_guid(value: str) -> bool:
    return bool(_GUID.match(value))


def valid_resource_name(value: str) -> bool:
    """seeds/002 AZCM0017: alphanumerics, hyphens and underscores, not ending in either."""
    return bool(_NAME.match(value))


def parse_tags(value: str) -> tuple[tuple[str, str], ...] | None:
    """seeds/002 AZCM0013: `Name=Value` pairs separated by commas, spaces only inside single quotes."""
    pairs = []
    for part in value.split(","):
        match = _TAG.match(part)
        if not match:
            return None
        name, tag_value = (g.strip().strip("'") for g in match.groups())
        if not name or (" " in name and not match.group(1).strip().startswith("'")):
            return None
        pairs.append((name, tag_value))
    return tuple(pairs)
