"""Arc: Get-/Enable-/Disable-AzureStackHCIArcIntegration and `azcmagent connect | disconnect |
show | config` with AZCM codes (seeds/002, facts §2.1-2.2)."""

from __future__ import annotations

import json
from typing import Any

from orchestrator.clouds import CLOUD_NAMES
from orchestrator.lab import node_ops
from orchestrator.lab.azure import ArmError
from orchestrator.lab.handlers import handles, native_verb, thrown
from orchestrator.lab.handlers import iso as _iso
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult, Hashtable

# --- HCI Arc integration cmdlets ----------------------------------------------------------------


@handles("Get-AzureStackHCIArcIntegration", reads_only=True)
def get_arc_integration(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """ClusterArcStatus and NodesArcStatus (seeds/000 C7 screenshot: per node Enabled/Disabled)."""
    arc = world.cluster.arc
    return CommandResult(
        output=[
            {
                "ClusterArcStatus": arc.status,
                "NodesArcStatus": {n.name: n.arc_status for n in world.ordered_nodes()},
                "ApplicationId": arc.app_id or None,
            }
        ]
    )


def _token(command: Command) -> str | None:
    value = command.param("AccessToken")
    return str(value) if value else None


@handles("Enable-AzureStackHCIArcIntegration")
def enable_arc_integration(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    error = node_ops.enable_node_arc(world, node, _token(command))
    if error is not None:
        return thrown(error)
    # facts §1.5 step 6: the scheduled task treats this line as success.
    return CommandResult(output=["Arc agent process succeeded to onboard machine"])


@handles("Disable-AzureStackHCIArcIntegration")
def disable_arc_integration(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    error = node_ops.disable_node_arc(world, node, _token(command))
    if error is not None:
        return thrown(error)
    return CommandResult()


# --- azcmagent -------------------------------------------------------------------------------------

_CONNECT_OPTIONS = {
    "--config",
    "--service-principal-id",
    "--service-principal-secret",
    "--tenant-id",
    "--subscription-id",
    "--resource-group",
    "--location",
    "--resource-name",
    "--cloud",
    "--tags",
    "--correlation-id",
    "--access-token",
    "--private-link-scope",
    "--ignore-network-check",
    "--use-device-code",
    "--json",
    "--verbose",
}
# facts §2.1: disconnect takes the same auth options but not --tenant-id (azure-docs#92682).
_DISCONNECT_OPTIONS = {
    "--config",
    "--service-principal-id",
    "--service-principal-secret",
    "--access-token",
    "--force-local-only",
    "--use-device-code",
    "--json",
    "--verbose",
}


def _result(outcome: node_ops.AgentOutcome) -> CommandResult:
    return CommandResult(output=list(outcome.lines), exit_code=outcome.exit_code)


def _fail(world: LabWorld, node: LabNode, code: str, detail: str) -> CommandResult:
    return _result(node_ops.agent_failure(world, node, code, detail))


@handles("azcmagent", "azcmagent.exe", reads_only=lambda c: native_verb(c) in ("show", "version"))
def azcmagent(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    args = list(command.arguments)
    verb = native_verb(command)
    if verb == "show":
        return _show(world, node, args[1:])
    if verb == "connect":
        return _connect(world, node, args[1:])
    if verb == "disconnect":
        return _disconnect(world, node, args[1:])
    if verb == "config":
        return _config(world, node, args[1:])
    if verb == "version":
        return CommandResult(
            output=[f"azcmagent version {node.arc_agent.agent_version}"], exit_code=0
        )
    return _fail(world, node, "AZCM0101", f'unknown command "{verb}" for "azcmagent"')


def show_document(node: LabNode) -> dict[str, Any]:
    """`azcmagent show -j` fields as facts §2.1 lists them."""
    agent = node.arc_agent
    return {
        "resourceName": agent.resource_name,
        "resourceGroup": agent.resource_group,
        "subscriptionId": agent.subscription_id,
        "tenantId": agent.tenant_id,
        "vmId": agent.vm_id,
        "location": agent.location,
        "cloud": agent.cloud,
        "resourceId": agent.resource_id,
        "status": agent.status,
        "lastHeartbeat": _iso(agent.last_heartbeat),
        "agentVersion": agent.agent_version,
        "httpsProxy": agent.active_proxy,
    }


def _show(world: LabWorld, node: LabNode, args: list[str]) -> CommandResult:
    document = show_document(node)
    if any(a in ("-j", "--json") for a in args):
        return CommandResult(output=[json.dumps(document)], exit_code=0)
    labels = {
        "resourceName": "Resource Name",
        "resourceGroup": "Resource Group Name",
        "resourceId": "Resource Id",
        "subscriptionId": "Subscription ID",
        "tenantId": "Tenant ID",
        "location": "Location",
        "cloud": "Cloud",
        "status": "Agent Status",
        "lastHeartbeat": "Agent Last Heartbeat",
        "httpsProxy": "Proxy URL",
    }
    return CommandResult(
        output=[f"{labels[k]}\t\t\t: {document[k] or ''}" for k in labels], exit_code=0
    )


def _with_config(
    world: LabWorld, node: LabNode, options: dict[str, str], allowed: set[str]
) -> tuple[dict[str, str], CommandResult | None]:
    """`--config <file>`: a JSON file on the node whose keys are flag names without dashes
    (facts §2.1: keeps secrets off the command line); flags given on the command line win."""
    path = options.pop("--config", None)
    if path is None:
        return options, None
    found = next((f for p, f in node.files.items() if p.lower() == path.lower()), None)
    if found is None:
        return options, _fail(world, node, "AZCM0019", f"config file {path} not found")
    try:
        document = json.loads(found.content)
    except json.JSONDecodeError:
        return options, _fail(world, node, "AZCM0101", f"config file {path} is not valid JSON")
    if not isinstance(document, dict):
        return options, _fail(world, node, "AZCM0101", f"config file {path} is not an object")
    merged = {}
    for key, value in document.items():
        flag = f"--{key}"
        if flag not in allowed or flag == "--config":
            return options, _fail(world, node, "AZCM0101", f"unknown key in config file: {key}")
        merged[flag] = "true" if value is True else str(value)
    merged.update(options)
    return merged, None


def _connect(world: LabWorld, node: LabNode, args: list[str]) -> CommandResult:
    options, unknown = node_ops.parse_agent_args(args, _CONNECT_OPTIONS)
    if unknown:
        return _fail(world, node, "AZCM0101", f"unknown flag: {unknown}")
    options, problem = _with_config(world, node, options, _CONNECT_OPTIONS)
    if problem is not None:
        return problem
    required = ["--subscription-id", "--resource-group", "--location"]
    has_sp = "--service-principal-id" in options or "--service-principal-secret" in options
    if has_sp:
        required += ["--service-principal-id", "--service-principal-secret", "--tenant-id"]
    elif "--access-token" not in options:
        required.append("--service-principal-id|--access-token")
    missing = [r for r in required if r.split("|")[0] not in options]
    if missing:
        return _fail(
            world, node, "AZCM0016", "missing mandatory parameter(s): " + ", ".join(missing)
        )
    cloud = options.get("--cloud", "AzureCloud")
    if cloud not in CLOUD_NAMES:
        return _fail(world, node, "AZCM0014", f"invalid cloud {cloud!r}")
    correlation = options.get("--correlation-id")
    if correlation is not None and not node_ops.valid_guid(correlation):
        return _fail(world, node, "AZCM0015", f"invalid correlation id {correlation!r}")
    tags: tuple[tuple[str, str], ...] = ()
    if "--tags" in options:
        parsed = node_ops.parse_tags(options["--tags"])
        if parsed is None:
            return _fail(world, node, "AZCM0013", f"invalid tags {options['--tags']!r}")
        tags = parsed
    name = options.get("--resource-name", node.name)
    if not node_ops.valid_resource_name(name):
        return _fail(world, node, "AZCM0017", f"invalid resource name {name!r}")
    tenant = options.get("--tenant-id", "")
    token = options.get("--access-token")
    if token and not tenant:
        try:
            tenant = world.azure.resolve_token(token).tenant_id
        except ArmError:
            tenant = ""
    outcome = node_ops.agent_connect(
        world,
        node,
        node_ops.AgentAuth(
            token=token,
            sp_id=options.get("--service-principal-id"),
            sp_secret=options.get("--service-principal-secret"),
            tenant_id=tenant or None,
        ),
        node_ops.AgentTarget(
            subscription_id=options["--subscription-id"],
            resource_group=options["--resource-group"],
            location=options["--location"].replace(" ", "").lower(),
            cloud=cloud,
            resource_name=name,
            tenant_id=tenant,
            tags=tags,
        ),
    )
    return _result(outcome)


def _disconnect(world: LabWorld, node: LabNode, args: list[str]) -> CommandResult:
    options, unknown = node_ops.parse_agent_args(args, _DISCONNECT_OPTIONS)
    if unknown:
        return _fail(world, node, "AZCM0101", f"unknown flag: {unknown}")
    options, problem = _with_config(world, node, options, _DISCONNECT_OPTIONS)
    if problem is not None:
        return problem
    force = "--force-local-only" in options
    auth = None
    if not force:
        if "--access-token" not in options and "--service-principal-id" not in options:
            return _fail(
                world,
                node,
                "AZCM0016",
                "missing mandatory parameter(s): --service-principal-id|--access-token",
            )
        auth = node_ops.AgentAuth(
            token=options.get("--access-token"),
            sp_id=options.get("--service-principal-id"),
            sp_secret=options.get("--service-principal-secret"),
            tenant_id=node.arc_agent.tenant_id or None,
        )
    return _result(node_ops.agent_disconnect(world, node, auth, force_local=force))


def _config(world: LabWorld, node: LabNode, args: list[str]) -> CommandResult:
    """`azcmagent config set|get|clear proxy.url` (facts §2.1); takes effect when himds restarts."""
    if len(args) >= 2 and args[1] == "proxy.url":
        if args[0] == "set" and len(args) == 3:
            node.arc_agent.proxy_url = args[2]
            node.count("azcmagent:proxy")
            return CommandResult(output=[], exit_code=0)
        if args[0] == "clear":
            node.arc_agent.proxy_url = ""
            return CommandResult(output=[], exit_code=0)
        if args[0] == "get":
            return CommandResult(output=[node.arc_agent.proxy_url], exit_code=0)
    return _fail(world, node, "AZCM0101", "unsupported config command: " + " ".join(args))


# --- the node's local metadata endpoint (the cluster's managed identity) ------------------------

METADATA = "http://127.0.0.1:42542/metadata"
# stackhci.ps1 @06618c80 `$getManagementUrlScript`: the AzEnvironment names the endpoint reports.
AZ_ENVIRONMENTS = {
    "AzureCloud": "AzurePublicCloud",
    "AzureUSGovernment": "AzureUSGovernmentCloud",
    "AzureChinaCloud": "AzureChinaCloud",
}


def cluster_identity(world: LabWorld) -> str | None:
    """The object id of the cluster resource's system-assigned identity, while it exists."""
    reg = world.cluster.registration
    resource = world.azure.find(reg.resource_id) if reg else None
    identity = (resource.identity or {}) if resource is not None else {}
    return identity.get("principalId") or None


@handles("Invoke-RestMethod")
def invoke_rest_method(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Only the HCI node's metadata endpoint, as Az.StackHCI calls it (stackhci.ps1 @06618c80,
    `$registerArcScript`, Disable-ArcForServers, Validate-MSIForArc): `/metadata/instance` gives
    `compute.AzEnvironment`, `/metadata/identity/oauth2/token?resource=<ARM URL>` a token of the
    cluster's managed identity. It answers once the cluster is registered with an identity."""
    uri = str(command.param("Uri") or "")
    headers = command.param("Headers")
    entries = headers.as_dict() if isinstance(headers, Hashtable) else {}
    if not uri.lower().startswith(METADATA):
        return thrown(
            f"lab: only the node's metadata endpoint ({METADATA}) is simulated, not {uri}"
        )
    if {k.lower(): v.lower() for k, v in entries.items()}.get("metadata") != "true":
        return thrown(
            '{"error":"invalid_request","error_description":"Required metadata header not specified"}'
        )
    principal = cluster_identity(world)
    reg = world.cluster.registration
    if principal is None or reg is None:
        return thrown("Unable to connect to the remote server")
    if uri.lower() == f"{METADATA}/instance":
        return CommandResult(output=[{"compute": {"AzEnvironment": AZ_ENVIRONMENTS[reg.cloud]}}])
    prefix = f"{METADATA}/identity/oauth2/token?resource="
    if uri.lower().startswith(prefix):
        wanted = f"https://{world.endpoints(reg.cloud)['arm']}"
        if uri[len(prefix) :].rstrip("/").lower() != wanted.lower():
            return thrown(
                '{"error":"invalid_resource","error_description":"AADSTS500011: The resource principal was not found"}'
            )
        token = world.azure.issue_token(principal, reg.tenant_id)
        return CommandResult(
            output=[{"access_token": token, "resource": wanted, "token_type": "Bearer"}]
        )
    return thrown(f"lab: {uri} is not simulated")
