"""arc-initialize: register Azure Local 23H2+ machines with Azure Arc, every node in parallel.

## Purpose

The first step of an Azure Local deployment as Microsoft documents it today
(MicrosoftDocs/azure-stack-docs azure-local/deploy/deployment-arc-register-server-permissions.md):
every machine runs `Invoke-AzStackHciArcInitialization` with the subscription, resource group
(`azure.arc_resource_group`, else `azure.resource_group`), tenant, region and cloud of the
inventory, the controller's ARM token and account (`azure.credential`), the proxy
(`cluster.https_proxy`, with `--proxy-bypass`) and the Arc gateway (`--arc-gateway-id`) when
given. Then the mandatory Azure Local extensions must reach Succeeded. After that, the system is
deployed from the Azure portal or an ARM template (not by this tool); the deployment registers it.

## Guards

- Only on Azure Local 23H2 and later: a node of Azure Stack HCI 21H2/22H2 (or a cluster that
  mixes releases) refuses the run, exit 5, before anything changes (the OS release guard).
- A machine already registered with Azure Arc elsewhere is refused by the pre-check and by the
  step: Microsoft says "the only way to undo the registration is to install the operating
  system again", so this tool never disconnects it.
- One-shot: the cmdlet is never called while an earlier call may still be running; a machine
  already registered here is a no-op, and a lost answer parks the node for a person.
- The ARM token exists only in the call (shown as `***`), never in plans, journals or logs.

## Scenarios handled

Tests: tests/scenarios/test_arc_initialize.py (docs/scenarios.md rows F1-F7).

- F1: every node registers; the extensions take minutes (virtual time) and are polled to
  Succeeded with progress; a second run changes nothing.
- F2: a machine already registered in another subscription/resource group: refused.
- F3: a node's clock 7 minutes off: blocked by the clock pre-check.
- F4: TLS inspection on the path (or a proxy needed and none given): blocked by the endpoint
  pre-check with the hosts named.
- F5: a mandatory extension fails on one node: that node stops with the extension's message.
- F6: a resource provider not registered, or the Arc roles missing on the group: blocked before
  any node changes.
- F7: a machine whose time source is its local CMOS clock (`w32tm /query /status`): blocked by
  the time-source pre-check with Microsoft's fix. Microsoft's install page requires "a valid
  time server on each machine" (deployment-install-os.md); it prescribes no time zone (the
  Configurator app only asks you to "Select a time zone"), so the tool checks none: the
  clock-skew pre-check compares UTC instants, whatever the zone.
- Clouds: AzureCloud and AzureUSGovernment (US Gov Virginia only, Microsoft's usgovvirginia
  endpoint list) have endpoint lists; AzureChinaCloud, where Microsoft lists no Azure Local
  region, and any other Government region are refused as input (exit 2, `azure.cloud` /
  `azure.region`), before anything runs.
- Regional hosts: the `{region}` hosts of the list are the ones Microsoft's per-region list
  gives (Azure/AzureStack-Tools HCI/<Region>endpoints/*-hci-endpoints.md, all eight Azure
  Local regions): the regional hybrid identity service host has a short code there
  (eus.his.arc.azure.com for East US, weu. West Europe, ae. Australia East, sea. Southeast
  Asia, pn. Central India, cc. Canada Central, je. Japan East, scus. South Central US), login
  and guest configuration the region name. A region with no Microsoft list gets no regional HIS
  probe (gbl.his.arc.azure.com only): the endpoint pre-check warns "not probed: ..." in the
  plan instead of guessing a name that may not exist.
- With `--arc-gateway-id`: the gateway's reduced list plus the gateway's own host, read from
  the gateway resource (`properties.gatewayEndpoint`, `<gatewayId>.gw.arc.azure.com`); a
  missing gateway, one in another subscription or not yet Succeeded blocks every node. The
  option is saved in the plan and the journal, so `apply` and `resume` probe the same set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from orchestrator.checks import ClockSkewCheck, ReachabilityCheck
from orchestrator.checks.arc_agent import ArcAgentStatusCheck
from orchestrator.checks.azure_local import (
    ArcMachineInAzureCheck,
    AzureLocalConnectivityCheck,
    AzureLocalPermissionsCheck,
    AzureLocalProvidersCheck,
    MachineNotRegisteredElsewhereCheck,
    unavailable_target,
)
from orchestrator.checks.clock import TimeSourceCheck
from orchestrator.checks.os_release import OsReleaseCheck, ReleaseGuard
from orchestrator.engine.spec import TRANSIENT, OptionValue, StepSpec, Workflow
from orchestrator.errors import InputError
from orchestrator.inventory import rules
from orchestrator.inventory.models import Inventory
from orchestrator.steps.arc_initialize import InitializeArc, MandatoryExtensionsSucceeded

SUMMARY = (
    "Register Azure Local 23H2+ machines with Azure Arc (Invoke-AzStackHciArcInitialization) and "
    "wait for the mandatory extensions."
)


WORKFLOW = Workflow(
    name="arc-initialize",
    version=1,
    summary=SUMMARY,
    guards=(ReleaseGuard("arc-initialize", needs="arc-first"),),
    prechecks=(
        ReachabilityCheck(),
        OsReleaseCheck(),
        ClockSkewCheck(),
        TimeSourceCheck(),
        AzureLocalConnectivityCheck(),
        MachineNotRegisteredElsewhereCheck(),
    ),
    cluster_prechecks=(AzureLocalProvidersCheck(), AzureLocalPermissionsCheck()),
    steps=(
        StepSpec(InitializeArc(), idempotent=False, reapply_when_in_doubt=False),
        # waiting for Azure changes nothing: reported "waited", never "changed" (issue 15.6)
        StepSpec(MandatoryExtensionsSucceeded(), retry=TRANSIENT, read_only_outcome="waited"),
    ),
    verification=(ArcAgentStatusCheck("Connected"), ArcMachineInAzureCheck()),
)


def validate_options(
    options: Mapping[str, OptionValue], inventory: Inventory, field: Callable[[str], str]
) -> dict[str, OptionValue]:
    """The run options of arc-initialize, checked with the same rules and texts whether they
    come from `orchestrate arc-initialize` (field: --arc-gateway-id) or the Ansible module
    (field: options.arc_gateway_id); returns them normalised. Raises InputError (exit 2)."""
    inventory.require_azure()
    unavailable = unavailable_target(inventory)
    if unavailable is not None:  # no endpoint list is invented where Microsoft offers none
        raise InputError(unavailable[0], unavailable[1], source=inventory.source)
    checked = dict(options)
    gateway = options.get("arc_gateway_id")
    if gateway is not None:
        problem = rules.arc_gateway_id(str(gateway))
        if problem:
            raise InputError(field("arc_gateway_id"), problem)
        checked["arc_gateway_id"] = str(gateway).strip()
    bypass = options.get("proxy_bypass")
    if bypass is not None:
        entries = [e.strip() for e in str(bypass).split(",") if e.strip()]
        problem = rules.proxy_bypass(entries, [n.name for n in inventory.cluster.nodes])
        if problem:
            raise InputError(field("proxy_bypass"), problem)
        checked["proxy_bypass"] = ",".join(entries)
    return checked
