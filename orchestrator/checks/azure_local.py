"""Pre-checks of Arc-first registration on Azure Local 23H2 and later (`orchestrate arc-initialize`).

What Microsoft's registration page asks before Invoke-AzStackHciArcInitialization runs
(MicrosoftDocs/azure-stack-docs azure-local/deploy/deployment-arc-register-server-permissions.md
and its includes): the resource providers registered, the two Arc roles on the resource group,
outbound access to the endpoint list (shorter with the Arc gateway), no HTTPS inspection
(azure-local/concepts/firewall-requirements.md: "Azure Local doesn't support HTTPS inspection"),
and a machine that is not already registered elsewhere, since "the only way to undo the
registration is to install the operating system again". The lists are data:
orchestrator/data/azure_local.json, each with its source and the date it was read.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import attrs

from orchestrator.azure import rbac
from orchestrator.azure.hci_target import HciTarget
from orchestrator.checks.azure import AzureCheckContext, AzureTargetCheck, azure_call_failed
from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.checks.connectivity import describe_unreachable, fixes_for, unreachable_by_cause
from orchestrator.clouds import normalize_region
from orchestrator.errors import AzureError
from orchestrator.facts.hci import read_arc_agent
from orchestrator.facts.network import Reach, machine_proxy
from orchestrator.facts.os_release import read_os_release
from orchestrator.inventory.models import Inventory
from orchestrator.transport.factory import Connector


@cache
def azure_local_data() -> dict[str, Any]:
    text = resources.files("orchestrator.data").joinpath("azure_local.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def providers() -> tuple[str, ...]:
    return tuple(azure_local_data()["providers"]["namespaces"])


def mandatory_extensions() -> tuple[str, ...]:
    return tuple(e["name"] for e in azure_local_data()["extensions"]["mandatory"])


@attrs.frozen
class EndpointList:
    """The hosts to probe, and the templated hosts no Microsoft source names for the region
    (not probed, and said so in the check's result rather than silently left out)."""

    hosts: tuple[str, ...]
    not_probed: tuple[str, ...] = ()


def endpoint_list(inventory: Inventory, *, gateway: bool) -> EndpointList:
    """The hosts a machine must reach to register, for the inventory's cloud and region (data
    only: how they are probed is the connectivity check's business). Empty where Microsoft
    documents no Azure Local (see unavailable_target)."""
    assert inventory.azure is not None
    if unavailable_target(inventory) is not None:
        return EndpointList(())
    table = azure_local_data()["endpoints"]["clouds"][inventory.azure.cloud]
    region = normalize_region(inventory.azure.region)
    hosts: list[str] = []
    not_probed: list[str] = []
    for template in table["with_gateway" if gateway else "without_gateway"]:
        host = regional_host(table, template, region)
        if host is None:
            not_probed.append(template)
        else:
            hosts.append(host)
    return EndpointList(tuple(hosts), tuple(not_probed))


def regional_host(table: dict[str, Any], template: str, region: str) -> str | None:
    """The host Microsoft's list for `region` gives for a `{region}` template, or None when no
    Microsoft source names one. Microsoft's per-region lists (Azure/AzureStack-Tools
    HCI/<Region>endpoints/*-hci-endpoints.md) write the regional HIS host with a short code
    (eus.his.arc.azure.com for East US), not the region name: filling the template with the
    region would probe a name that does not exist and block a healthy machine."""
    regional = table.get("regional_hosts")
    if regional is None or "{region}" not in template:
        return template.format(region=region)
    listed = regional["lists"].get(region)
    if listed is not None:
        host = listed.get(template)
        return str(host) if host else None
    if template in regional["without_list"]:
        return template.format(region=region)
    return None


def not_probed_note(inventory: Inventory, templates: tuple[str, ...]) -> str:
    """Why some templated hosts were left out, for the check's result."""
    assert inventory.azure is not None
    region = normalize_region(inventory.azure.region)
    listed = region in (
        azure_local_data()["endpoints"]["clouds"][inventory.azure.cloud]
        .get("regional_hosts", {})
        .get("lists", {})
    )
    why = (
        f"Microsoft's {region} endpoint list has no row for it"
        if listed
        else f"Microsoft publishes no Azure Local endpoint list for {region} "
        "(Azure/AzureStack-Tools HCI/<Region>endpoints)"
    )
    return f"not probed: {', '.join(templates)} ({why})"


def unavailable_target(inventory: Inventory) -> tuple[str, str] | None:
    """(field, why and the fix) when Microsoft documents no Azure Local for the inventory's
    cloud or region, so no endpoint list is invented for it; None when it has one."""
    assert inventory.azure is not None
    cloud, region = inventory.azure.cloud, normalize_region(inventory.azure.region)
    table = azure_local_data()["endpoints"]["clouds"].get(cloud)
    if table is None or "unavailable" in table:
        why = table["unavailable"] if table else "orchestrator/data/azure_local.json has no list"
        return (
            "azure.cloud",
            f"Azure Local isn't offered in {cloud}: {why}; use cloud AzureCloud or "
            "AzureUSGovernment",
        )
    regions: dict[str, str] = table.get("regions") or {}
    if regions and region not in regions:
        offered = ", ".join(f"{name} ({key})" for key, name in regions.items())
        return (
            "azure.region",
            f"Azure Local in {cloud} is offered in {offered} only (azure-stack-docs "
            f"system-requirements-23h2.md, 'Azure regions'); set azure.region to "
            f"{next(iter(regions))}",
        )
    return None


def arc_group(inventory: Inventory) -> str:
    """Where the machines are registered: the one rule HciTarget holds (azure.arc_resource_group,
    else azure.resource_group)."""
    return HciTarget.of(inventory).arc_resource_group


@attrs.frozen
class AzureLocalConnectivityCheck:
    """The Azure Local registration endpoints of the inventory's cloud and region (regional
    hosts as Microsoft's per-region list names them), from this node: the Arc gateway's reduced
    list when the run's `arc_gateway_id` option is set. The option comes
    from the command line, or from the plan (`apply`) or the journal (`resume`), so a run
    checks the endpoint set its plan checked."""

    name: str = "azure-local-endpoints"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        inventory = ctx.connector.inventory if ctx.connector else None
        if inventory is None or inventory.azure is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        gateway_id = ctx.options.get("arc_gateway_id")
        gateway = bool(gateway_id)
        endpoints = endpoint_list(inventory, gateway=gateway)
        hosts = list(endpoints.hosts)
        if hosts and gateway_id:
            found = self._gateway_host(ctx, inventory, str(gateway_id))
            if isinstance(found, CheckResult):
                return found
            hosts = [*hosts, found]
        unavailable = unavailable_target(inventory)
        if unavailable is not None:  # refused as input first; a plan saved before says so
            field, why = unavailable
            return CheckResult(ctx.node, self.name, Status.FAIL, f"{field}: {why}")
        proxy = inventory.cluster.https_proxy or machine_proxy(ctx.session)
        failed = unreachable_by_cause(ctx.session, hosts, proxy)
        via = f"via proxy {proxy}" if proxy else "direct"
        which = "with the Arc gateway" if gateway else "without the Arc gateway"
        note = (
            f"; {not_probed_note(inventory, endpoints.not_probed)}" if endpoints.not_probed else ""
        )
        if not failed:
            observed = f"{len(hosts)} endpoints reachable ({via}, {which}){note}"
            if endpoints.not_probed:  # said, not silent: the operator opens it by Microsoft's list
                return CheckResult(
                    ctx.node,
                    self.name,
                    Status.WARN,
                    observed,
                    "gbl.his.arc.azure.com answers; the regional HIS host is known only from "
                    "Microsoft's per-region lists (Azure/AzureStack-Tools HCI/<Region>endpoints): "
                    "open the one listed for this region when Microsoft publishes it.",
                )
            return CheckResult(ctx.node, self.name, Status.PASS, observed)
        observed = describe_unreachable(failed)
        fix = fixes_for(ctx.node, failed, proxy)
        if Reach.TLS in failed:
            fix += (
                ' Microsoft: "Azure Local doesn\'t support HTTPS inspection" '
                "(azure-local/concepts/firewall-requirements.md)."
            )
        return CheckResult(ctx.node, self.name, Status.FAIL, f"{observed} ({via}){note}", fix)

    def _gateway_host(
        self, ctx: NodeCheckContext, inventory: Inventory, gateway_id: str
    ) -> str | CheckResult:
        """The gateway's own host, from its resource in Azure: Microsoft's overview says its
        URL "is a part of the success response" of the creation, and lists it as
        `https://<yourarcgatewayId>.gw.arc.azure.com` (deployment-azure-arc-gateway-overview.md
        @ f2d4be11e039, "Azure Local endpoints not redirected", row 9); ARM returns it as
        properties.gatewayEndpoint (Gateways - Get, azure-rest-api-specs hybridcompute
        2024-07-10 Gateway_Get.json @ 7b45b520). The name is read, never built."""
        assert ctx.connector is not None
        assert inventory.azure is not None
        subscription, group, name = arc_gateway_parts(gateway_id)
        if subscription.lower() != inventory.azure.subscription_id.lower():
            return self._failed(
                ctx,
                f"Arc gateway {name} is in subscription {subscription}, not "
                f"{inventory.azure.subscription_id}",
                'Microsoft: "The Arc gateway resource must be created on the same subscription '
                "where you're planning to deploy your Azure Local instance\" "
                "(deployment-azure-arc-gateway-overview.md). Create one there, or pass its ID.",
            )
        try:
            resource = ctx.connector.azure().arc_gateway(group, name)
        except AzureError as error:
            return self._failed(
                ctx,
                f"Arc gateway {name}: {error.code}: {error.message}",
                "Reading the gateway needs Microsoft.HybridCompute/gateways/read on it.",
            )
        if resource is None:
            return self._failed(
                ctx,
                f"no Arc gateway {name} in resource group {group}",
                "Create it (Azure portal: Azure Arc > Azure Arc gateway > Create; or "
                "`az arcgateway create`) in the deployment's subscription, or correct "
                "--arc-gateway-id (the gateway's Properties page shows its resource ID).",
            )
        properties = resource.get("properties") or {}
        state = str(properties.get("provisioningState", "Unknown"))
        host = urlsplit(str(properties.get("gatewayEndpoint") or "")).hostname
        if state != "Succeeded" or not host:
            return self._failed(
                ctx,
                f"Arc gateway {name} is {state}" + ("" if host else ", no gatewayEndpoint"),
                "The gateway is usable once its creation Succeeded (Microsoft: 9 to 10 minutes, "
                "up to two hours while Azure Front Door changes last, and retry a creation "
                "that failed); run the pre-checks again then.",
            )
        return host

    def _failed(self, ctx: NodeCheckContext, observed: str, fix: str) -> CheckResult:
        return CheckResult(ctx.node, self.name, Status.FAIL, observed, fix)


def arc_gateway_parts(gateway_id: str) -> tuple[str, str, str]:
    """(subscription, resource group, name) of an Arc gateway resource ID whose shape
    inventory/rules.arc_gateway_id accepted."""
    parts = gateway_id.strip().strip("/").split("/")
    return parts[1], parts[3], parts[-1]


@attrs.frozen
class MachineNotRegisteredElsewhereCheck:
    """`azcmagent show -j`: an agent already connected must be this target's machine."""

    name: str = "arc-agent"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        inventory = ctx.connector.inventory if ctx.connector else None
        if inventory is None or inventory.azure is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        agent = read_arc_agent(ctx.session)
        if not agent.connected:
            return CheckResult(ctx.node, self.name, Status.PASS, f"agent {agent.status}")
        if (agent.resource_id or "").lower() == HciTarget.of(inventory).machine_id(
            ctx.node
        ).lower():
            return CheckResult(ctx.node, self.name, Status.PASS, "already registered here")
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            f"already registered elsewhere: {agent.resource_id} (subscription "
            f"{agent.subscription_id}, resource group {agent.resource_group})",
            f"{ctx.node} is registered with Azure Arc as another machine resource. Microsoft: "
            '"the only way to undo the registration is to install the operating system again '
            'on the machine" (deployment-arc-register-server-permissions.md). Either put that '
            "subscription and resource group in the inventory, or reinstall the machine.",
        )


@attrs.frozen
class AzureLocalProvidersCheck(AzureTargetCheck):
    """Every resource provider Microsoft's Azure Local prerequisites list is registered."""

    name: str = "resource-providers"

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        try:
            states = {ns: ctx.plane.provider_state(ns) for ns in providers()}
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        pending = [ns for ns, state in states.items() if state != "Registered"]
        if not pending:
            return CheckResult(ctx.scope, self.name, Status.PASS, f"all {len(states)} registered")
        commands = "; ".join(
            f"Register-AzResourceProvider -ProviderNamespace {ns}" for ns in pending
        )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            "not registered: " + ", ".join(pending),
            "An owner or contributor of the subscription registers them (Microsoft's Azure Local "
            f"prerequisites, hci-registration-azure-prerequisites.md): {commands}.",
        )


@attrs.frozen
class AzureLocalPermissionsCheck(AzureTargetCheck):
    """The caller's effective actions on the machines' resource group cover the two Arc roles
    the page requires (wildcards and NotActions evaluated like every permission check)."""

    name: str = "azure-permissions"

    def evaluate(self, connector: Any) -> list[CheckResult]:
        ctx = AzureCheckContext.of(connector)
        return [self.assess_group(ctx, arc_group(connector.inventory))]

    def assess_group(self, ctx: AzureCheckContext, group: str) -> CheckResult:
        roles = azure_local_data()["roles"]
        try:
            creates_group = ctx.plane.resource_group(group) is None
            blocks = ctx.plane.permissions(None if creates_group else group)
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        required = [*roles["actions"], *(roles["create_resource_group"] if creates_group else [])]
        missing = rbac.missing(blocks, required)
        scope = "subscription" if creates_group else f"resource group {group}"
        if not missing:
            return CheckResult(
                ctx.scope, self.name, Status.PASS, f"all required actions allowed on {scope}"
            )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            f"missing on {scope}: " + ", ".join(missing),
            f"Have an administrator assign {' and '.join(repr(n) for n in roles['names'])} "
            f"on resource group {group} (or make you its owner), as Microsoft's Azure Local "
            "prerequisites require"
            + (
                "; the group does not exist yet, so creating it also needs "
                "Microsoft.Resources/subscriptions/resourceGroups/write on the subscription."
                if creates_group
                else "."
            ),
        )


@attrs.frozen
class ArcMachineInAzureCheck:
    """The machine resource exists in Azure in the inventory's group, and Azure sees it Connected
    (the page's step 4: "The machines appear within the specified resource group")."""

    name: str = "arc-machine"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        connector = ctx.connector
        if connector is None or connector.inventory is None or connector.inventory.azure is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        group = arc_group(connector.inventory)
        try:
            machine = connector.azure().arc_machine(group, ctx.node)
        except AzureError as error:
            return CheckResult(
                ctx.node, self.name, Status.FAIL, f"{error.code}: {error.message}", None
            )
        if machine is None:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                f"no machine {ctx.node} in resource group {group}",
                "The agent says Connected but Azure has no machine resource: see the bootstrap "
                "log on the node (%USERPROFILE%\\.AzStackHci\\AzStackHciArcIntegration.log).",
            )
        status = str((machine.get("properties") or {}).get("status", "Unknown"))
        verdict = Status.PASS if status == "Connected" else Status.FAIL
        return CheckResult(ctx.node, self.name, verdict, f"{machine.get('id')} {status}")


@attrs.frozen
class AzureLocalMachineCheck:
    """On Azure Local 23H2+: the machine's Arc agent, its machine resource, the mandatory
    extensions and their states, and the cluster's state once one is deployed (issue 13.4)."""

    name: str = "azure-local"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        if not read_os_release(ctx.session).arc_first:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "Azure Stack HCI 21H2/22H2")
        connector = ctx.connector
        agent = read_arc_agent(ctx.session)
        if not agent.connected:
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                f"not registered with Azure Arc (agent {agent.status})",
                "Register the machines Arc-first: `orchestrate arc-initialize -i INVENTORY`.",
            )
        parts = [f"agent Connected as {agent.resource_name} in {agent.resource_group}"]
        if connector is None or connector.inventory is None or connector.inventory.azure is None:
            return CheckResult(ctx.node, self.name, Status.PASS, parts[0])
        plane = connector.azure()
        group = agent.resource_group or arc_group(connector.inventory)
        try:
            listed = plane.arc_machine_extensions(group, ctx.node)
        except AzureError as error:
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                f"{parts[0]}; extensions unknown ({error.code})",
                "Give the account read access to the machine resource to see its extensions.",
            )
        states = {
            str(e.get("name")): str((e.get("properties") or {}).get("provisioningState"))
            for e in listed
        }
        wanted = mandatory_extensions()
        parts.append(
            "extensions: " + (", ".join(f"{n} {s}" for n, s in sorted(states.items())) or "none")
        )
        cluster = self._cluster_state(connector)
        if cluster:
            parts.append(cluster)
        observed = "; ".join(parts)
        failed = [n for n in wanted if states.get(n) == "Failed"]
        if failed:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                observed,
                f"Mandatory extension(s) failed: {', '.join(failed)}. Read the status message on "
                "the machine's Extensions page in the Azure portal (or `orchestrate diagnose`), "
                "fix the cause and reinstall the extension; deployment needs every one Succeeded.",
            )
        pending = [n for n in wanted if states.get(n) != "Succeeded"]
        if pending:
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                observed,
                f"Not yet Succeeded: {', '.join(pending)}; installing takes minutes after "
                "registration. Check again with `orchestrate status`.",
            )
        return CheckResult(ctx.node, self.name, Status.PASS, observed)

    def _cluster_state(self, connector: Connector) -> str | None:
        """The system's state once deployed: the cluster resource of the inventory, if any."""
        assert connector.inventory is not None
        target = HciTarget.of(connector.inventory)
        try:
            cluster = connector.azure().hci_cluster(target.resource_group, target.resource_name)
        except AzureError as error:
            return f"cluster unknown ({error.code})"
        if cluster is None:
            return "no cluster deployed yet"
        properties = cluster.get("properties") or {}
        state = properties.get("status") or properties.get("provisioningState") or "unknown"
        return f"cluster {target.resource_name} {state}"
