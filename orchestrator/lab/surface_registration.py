"""Registration cmdlets: Register-AzStackHCI, Unregister-AzStackHCI, Get-AzureStackHCI,
Sync-AzureStackHCI, and the VM-creation licensing check (C9).

Register and Unregister follow the step lists in facts §1.2-1.5 closely enough that each
SCENARIOS.md row fails with its real text; steps with no observable effect in the lab
(progress bars, module version checks, clustered scheduled tasks) are left out. The ARM token
arrives only through -ArmAccessToken; it is resolved and dropped, never logged or echoed
(the log masks it as XXXXXXX like the module does, facts §1.2 step 7).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from orchestrator.clouds import CLOUD_NAMES, normalize_region
from orchestrator.lab import node_ops, texts
from orchestrator.lab.azure import (
    ARC_NAMESPACE,
    CREATED_BY_TAG,
    GUEST_CONFIG_NAMESPACE,
    HCI_NAMESPACE,
    HYBRID_CONNECTIVITY_NAMESPACE,
    ArmError,
    Principal,
    ResourceId,
    resource_id,
)
from orchestrator.lab.formatting import format_list
from orchestrator.lab.handlers import (
    flag,
    handles,
    iso,
    missing_parameter,
    not_in_set,
    not_recognized,
    text,
    thrown,
)
from orchestrator.lab.host import (
    HostPromptNotInteractive,
    choose,
    should_process,
    write_host,
)
from orchestrator.lab.world import (
    APPLICATION_LOG,
    ARC_TASK_LOG_DIR,
    BACKGROUND_SYNC_S,
    LICENSE_GRACE,
    REGISTRATION_LOG_DIR,
    WORKING_DIRECTORY,
    ClusterArc,
    HciRegistration,
    LabNode,
    LabWorld,
)
from orchestrator.transport.base import Command, CommandResult

CLUSTER_TYPE = f"{HCI_NAMESPACE}/clusters"
RP_ROLE = "Azure Connected Machine Resource Manager"
# Az.StackHCI ChangeLog 2.2.0: -LogsDirectory and Get-AzStackHCILogsDirectory.
LOGS_DIRECTORY_MODULE = (2, 2, 0)
# Az.StackHCI ChangeLog 2.2.3: "Added support for ARC Onboarding using Cluster Managed Identity".
ARC_BY_CLUSTER_IDENTITY = (2, 2, 3)
ARC_APP_ROLES = (
    "Azure Connected Machine Onboarding",
    "Azure Connected Machine Resource Administrator",
)


# Failures whose Write-ErrorLog has no `-Category OperationStopped`, so the outer catch logs the
# rethrown exception a second time (stackhci.ps1 @06618c80: 9127, 9128, 9129, 9105, 9130).
NOT_MARKED_LOGGED = frozenset({9105, 9127, 9128, 9129, 9130})
# Failures that set Result ArcFailed with ErrorDetail ArcPermissionsMissing before the throw.
ARC_FAILED = frozenset({9131, 9132})


class ModuleError(Exception):
    """A failure of the Az.StackHCI module, with its WacErrorCode / event ID when it has one.

    How each one reaches the caller (stackhci.ps1 @06618c80, Register-/Unregister-AzStackHCI):
    a coded failure is `Write-ErrorLog -Message <text> [-Category OperationStopped]` ($Host.UI.
    WriteErrorLine + the log file), `Write-Output $obj | Format-List` with Result Failed,
    `Write-NodeEventLog -EventID <code> -Level Warning`, then `throw`; a failure without a code
    is an exception from deeper (Azure-Login, an Az cmdlet). Either way the outer `catch` writes
    event 9114 (9118 for Unregister) and, unless the failure was already logged, a second
    WriteErrorLine "Exception occurred in <cmdlet>" with the exception; it never rethrows, so
    the error stream stays empty. `returns` is 9117's path: Result Failed and `return`."""

    def __init__(
        self,
        code: int | None,
        message: str,
        *,
        details: str | None = None,
        returns: bool = False,
    ) -> None:
        self.code = code
        self.message = message
        self.details = details
        self.returns = returns
        super().__init__(message)

    @property
    def marked_logged(self) -> bool:
        return self.code is not None and self.code not in NOT_MARKED_LOGGED


def _version(value: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in (value or "0").split(".") if p.isdigit())


def exception_dump(message: str) -> str:
    """`$Exception | Format-List * -Force | Out-String` of the ErrorRecord `throw "<text>"` makes
    (Write-ErrorLog's -Exception; the lab prints the four fields that carry the text)."""
    return (
        "\n\n"
        f"Exception             : System.Management.Automation.RuntimeException: {message}\n"
        f"TargetObject          : {message}\n"
        f"CategoryInfo          : OperationStopped: ({message}:String) [], RuntimeException\n"
        f"FullyQualifiedErrorId : {message}\n"
    )


@attrs.define
class Run:
    """One invocation of a registration cmdlet on the node it runs on: its log file (once
    Setup-Logging ran), its streams, and the host lines it writes."""

    world: LabWorld
    node: LabNode
    command: Command
    prefix: str
    log_path: str = ""
    warnings: list[str] = attrs.field(factory=list)
    information: list[str] = attrs.field(factory=list)
    verbose: list[str] = attrs.field(factory=list)

    def setup_logging(self) -> None:
        stamp = self.world.node_time(self.node)
        # Setup-Logging (stackhci.ps1 @06618c80): "{0}{1:d2}{2:d2}-{3:d2}{4:d2}" ->
        # <prefix>_yyyyMMdd-HHmm.log in the logs directory
        self.log_path = f"{self.logs_directory()}\\{self.prefix}_{stamp:%Y%m%d-%H%M}.log"

    def logs_directory(self) -> str:
        """Setup-Logging: a registered cluster keeps the folder its ArcRegistrationTask records;
        else -LogsDirectory, else %ProgramData%\\AzureStackHCI\\Registration (2.2.0 added both,
        ChangeLog 2.2.0). Older modules write to the session's working directory (facts §1.7;
        troubleshoot-hci-registration.md: "created in the working directory")."""
        if _version(self.node.modules.get("Az.StackHCI")) < LOGS_DIRECTORY_MODULE:
            return WORKING_DIRECTORY
        cluster = self.world.cluster
        if cluster.registration is not None and cluster.logs_directory:
            return cluster.logs_directory
        return text(self.command, "LogsDirectory") or REGISTRATION_LOG_DIR

    def log(self, level: str, message: str) -> None:
        if not self.log_path:
            return  # before Setup-Logging the module has no log file for this attempt
        stamp = self.world.node_time(self.node)
        # Write-Log (stackhci.ps1): "$Stamp , $Level , $Message", levels INFO WARN ERROR FATAL DEBUG
        self.world.append_file(
            self.node, self.log_path, f"{stamp:%Y/%m/%d %H:%M:%S} , {level} , {message}"
        )

    def warn(self, message: str) -> None:
        """Write-WarnLog: Write-Warning + the log."""
        self.warnings.append(message)
        self.log("WARN", message)

    def info(self, message: str) -> None:
        """Write-InfoLog: Write-Information (recorded whatever $InformationPreference) + the log."""
        self.information.append(message)
        self.log("INFO", message)

    def debug(self, message: str) -> None:
        """Write-VerboseLog: Write-Verbose (a record only under -Verbose) + the log (DEBUG)."""
        if flag(self.command, "Verbose"):
            self.verbose.append(message)
        self.log("DEBUG", message)

    def error(self, message: str, *, stopped: bool, exception: str | None = None) -> None:
        """Write-ErrorLog: the log (ERROR) and $Host.UI.WriteErrorLine, with the formatted
        exception and "CategoryInfo: OperationStopped" when given."""
        logged = message + (exception or "")
        self.log("ERROR", logged)
        shown = (
            message + (exception or "") + ("\nCategoryInfo: OperationStopped" if stopped else "")
        )
        write_host("error", shown)

    def result(self, output: list[Any]) -> CommandResult:
        return CommandResult(
            output=output,
            warnings=self.warnings,
            information=self.information,
            verbose=self.verbose,
        )

    def parameters_event(self, cmdlet: str) -> None:
        """Event 9009 (Application, source HCI Registration): Print-FunctionParameters' "Parameters
        for <cmdlet> are: " and the bound parameters as `$body | Out-String` prints a hashtable,
        secrets as $MaskString (stackhci.ps1 @06618c80). The attempt's marker; not in the log."""
        masked = ("armaccesstoken", "arcspncredential", "credential", "accountid", "accesstoken")
        rows = [
            (key, "XXXXXXX" if key.lower() in masked else str(value))
            for key, value in self.command.parameters
        ]
        width = max([len("Name"), *(len(k) for k, _ in rows)]) + 1
        table = [f"{'Name':<{width}}Value", f"{'----':<{width}}-----"]
        table += [f"{key:<{width}}{value}" for key, value in rows]
        message = f"Parameters for {cmdlet} are: \n" + "\n".join(table) + "\n"
        self.world.log_event(
            self.node, APPLICATION_LOG, 9009, "Information", message, "HCI Registration"
        )

    def open_local_session(self) -> None:
        """Get-SetupLoggingDetails: `New-PSSession` (localhost) before anything else; from inside
        a remote session that is a second hop too (stackhci.ps1 @06618c80; PR #28942)."""
        if self.node.delegation is None:
            denied = texts.WINRM_ACCESS_DENIED.format(host="localhost")
            raise ModuleError(None, f"[localhost] {denied}")

    def reaches(self, other: LabNode) -> bool:
        """Can this cmdlet open a session to `other` (second hop when it is another node)?"""
        if not other.reachable:
            return False
        return other is self.node or self.node.delegation is not None

    def login(self, cloud: str, subscription: str) -> tuple[str, str]:
        """Azure-Login with -ArmAccessToken (facts §1.2 step 12): returns (principal, tenant)."""
        azure = self.world.azure
        arm_host = self.world.endpoints(cloud)["arm"]
        egress = self.world.egress(self.node, arm_host, proxy=self.node.https_proxy)
        if not egress.ok:
            # The module's Az cmdlets reach ARM from the node it runs on.
            raise ModuleError(
                None,
                f"An error occurred while sending the request to https://{arm_host}/: "
                + node_ops.egress_text(egress.failure, arm_host),
            )
        token = text(self.command, "ArmAccessToken")
        if not token:
            raise ModuleError(
                None,
                "lab: interactive and device-code sign-in are not simulated; pass -ArmAccessToken and -AccountId",
            )
        try:
            grant = azure.resolve_token(token)
        except ArmError as error:
            raise ModuleError(None, error.message) from None
        principal = azure.principals[grant.principal_id]
        tenant = text(self.command, "TenantId")
        if not tenant and len(principal.tenants) > 1:
            raise ModuleError(None, texts.MULTI_TENANT)
        tenant = tenant or grant.tenant_id
        token_cloud = azure.tenants[grant.tenant_id].cloud
        if tenant != grant.tenant_id or token_cloud != cloud:
            raise ModuleError(
                None,
                "The access token has been obtained for wrong audience or resource. It should exactly "
                f"match with one of the allowed audiences of the {cloud} Resource Manager.",
            )
        try:
            azure.subscription(principal.object_id, subscription)
        except ArmError as error:
            raise ModuleError(None, error.message) from None
        self.log("INFO", f"Signed in to {cloud} as {principal.name}, tenant {tenant}")
        return principal.object_id, tenant

    def fail(self, error: ModuleError, cmdlet: str) -> CommandResult:
        """The module's failure path for `error` (see ModuleError)."""
        output: list[Any] = []
        if error.code is not None:
            if not error.returns:
                self.error(error.message, stopped=error.marked_logged)
            outcome: dict[str, Any] = {
                "Result": "ArcFailed" if error.code in ARC_FAILED else "Failed"
            }
            if error.code in ARC_FAILED:
                outcome["ErrorDetail"] = "ArcPermissionsMissing"
            if error.details:
                outcome["Details"] = error.details
            output = format_list(outcome)
            if error.code != 2:  # Verify-NodesArcRegistrationState's catch writes no event
                self._event(error.code, error.message)
        if error.returns:
            return self.result(output)
        catch_event = 9114 if cmdlet.startswith("Reg") else 9118
        # $_.InvocationInfo.PositionMessage of the throw (lab: the line is not simulated).
        self._event(catch_event, f"Exception occurred in {cmdlet} : At {cmdlet}")
        if not error.marked_logged:
            thrown = "ScriptHalted" if error.code is not None else error.message
            self.error(
                texts.EXCEPTION_IN.format(cmdlet=cmdlet),
                stopped=True,
                exception=exception_dump(thrown),
            )
        return self.result(output)

    def _event(self, event_id: int, message: str) -> None:
        self.world.log_event(
            self.node, APPLICATION_LOG, event_id, "Warning", message, "HCI Registration"
        )


def _arm(call: Any, *args: Any, code: int | None = None, prefix: str = "", **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except ArmError as error:
        message = f"{prefix}: {error.message}" if prefix else error.message
        raise ModuleError(code, message) from None


def _environment(command: Command, cmdlet: str) -> tuple[str, CommandResult | None]:
    env = text(command, "EnvironmentName", "AzureCloud")
    for name in CLOUD_NAMES:
        if name.lower() == env.lower():
            return name, None
    return env, not_in_set(cmdlet, "EnvironmentName", env, CLOUD_NAMES)


# --- Register-AzStackHCI --------------------------------------------------------------------------


# Get-DefaultRegion (module 1.x, stackhci.ps1 src/StackHCI/custom): the region a 1.4.x module
# offered when -Region was omitted.
DEFAULT_REGIONS = {
    "AzureCloud": "eastus",
    "AzureChinaCloud": "chinaeast2",
    "AzureUSGovernment": "usgovvirginia",
}
# stackhci.ps1 @06618c80: $22H2BuildNumber; Confirm-UserAcknowledgmentToUpgradeOS asks on builds
# up to it, since module 2.6.0 (ChangeLog "Added EOL Message for 22H2").
LAST_22H2_BUILD = 20349
UPGRADE_PROMPT_MODULE = (2, 6, 0)
REGION_MANDATORY_MODULE = (2, 0, 0)  # ChangeLog 2.0.0: "Made Region parameter mandatory"
DEFAULT_REGION_PROMPT_MODULE = (1, 4, 0)  # ChangeLog 1.4.0
MANDATORY_EXTENSIONS_MODULE = (2, 2, 0)  # ChangeLog 2.2.0: mandatory extensions on 22H2, no prompt


def _module(node: LabNode) -> tuple[int, ...]:
    return _version(node.modules.get("Az.StackHCI"))


def acknowledge_os_upgrade(node: LabNode, command: Command) -> None:
    """Confirm-UserAcknowledgmentToUpgradeOS: `$PSCmdlet.ShouldProcess("", "", $UpgradeOSMessage)`
    in a ConfirmImpact High function, on builds <= 20349; "No" throws "Aborting based on user
    input". -Confirm:$false on the calling cmdlet answers it (no prompt)."""
    if _module(node) < UPGRADE_PROMPT_MODULE or int(node.os_build or "0") > LAST_22H2_BUILD:
        return
    try:
        accepted = should_process(command, description="", caption=texts.UPGRADE_OS)
    except HostPromptNotInteractive as error:
        raise ModuleError(None, error.text) from None
    if not accepted:
        raise ModuleError(None, texts.ABORTED_BY_USER)


def _default_region(node: LabNode, command: Command, cloud: str) -> str:
    """Module 1.4.x without -Region: confirm the cloud's default region (ChangeLog 1.4.0; the
    prompt's words are lab wording, it always asks, like ShouldContinue)."""
    region = DEFAULT_REGIONS.get(cloud, "eastus")
    try:
        answer = choose(
            texts.DEFAULT_REGION_PROMPT.format(region=region),
            "",
            (("&Yes", "Use the default region."), ("&No", "Stop.")),
            0,
        )
    except HostPromptNotInteractive as error:
        raise ModuleError(None, error.text) from None
    if answer != 0:
        raise ModuleError(None, texts.ABORTED_BY_USER)
    return region


@handles("Register-AzStackHCI")
def register(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    module = _module(node)
    mandatory = ["SubscriptionId"] + (["Region"] if module >= REGION_MANDATORY_MODULE else [])
    missing = [p for p in mandatory if not text(command, p)]
    if missing:
        return missing_parameter("Register-AzStackHCI", missing)
    cloud, bad = _environment(command, "Register-AzStackHCI")
    if bad:
        return bad
    run = Run(world, node, command, "RegisterHCI")
    try:
        run.open_local_session()
        acknowledge_os_upgrade(node, command)
        run.setup_logging()
        run.parameters_event("Register-AzStackHCI")
        node.count("register")
        if not text(command, "Region"):
            region = _default_region(node, command, cloud)
            command = attrs.evolve(command, parameters=(*command.parameters, ("Region", region)))
            run.command = command
        outcome, warnings = _register(run, cloud)
    except ModuleError as error:
        return run.fail(error, "Register-AzStackHCI")
    for warning in warnings:
        run.warn(warning)
    run.info(f"Registration completed with status: Result : {outcome['Result']}")
    world.log_event(
        node,
        APPLICATION_LOG,
        9004,
        "Information",
        f"Registration completed with status: Result : {outcome['Result']}",
        "HCI Registration",
    )
    # `Write-Output $registrationOutput | Format-List` (stackhci.ps1 @06618c80)
    return run.result(format_list(outcome))


def _register(run: Run, cloud: str) -> tuple[dict[str, Any], list[str]]:
    world, node, command = run.world, run.node, run.command
    azure = world.azure
    reg = world.cluster.registration
    repair = flag(command, "RepairRegistration")
    subscription = text(command, "SubscriptionId")
    name = text(command, "ResourceName") or (reg.resource_name if reg else world.cluster.name)
    group = text(command, "ResourceGroupName") or (reg.resource_group if reg else f"{name}-rg")
    region = text(command, "Region").replace(" ", "").lower()
    arc_group_in = text(command, "ArcServerResourceGroupName")
    old_module = _version(node.modules.get("Az.StackHCI")) < (1, 4, 2)

    # facts §1.2 step 9: a registered cluster only accepts its own coordinates.
    if reg is not None:
        if text(command, "ResourceName") and name.lower() != reg.resource_name.lower():
            raise ModuleError(9127, texts.NAME_DIFFERS.format(existing=reg.resource_name))
        if text(command, "ResourceGroupName") and group.lower() != reg.resource_group.lower():
            raise ModuleError(9125, texts.RG_DIFFERS.format(existing=reg.resource_group))
        if subscription.lower() != reg.subscription_id.lower():
            raise ModuleError(9128, texts.SUBSCRIPTION_DIFFERS.format(existing=reg.subscription_id))
    elif repair:
        raise ModuleError(9101, texts.REPAIR_NOT_REGISTERED)

    principal, tenant = run.login(cloud, subscription)
    rid = resource_id(subscription, group, CLUSTER_TYPE, name)
    existing = _find(world, principal, rid)

    # An old module (<= 1.4.1) kept Arc machines in their own group (lab assumption, see docs/lab.md).
    arc_group = arc_group_in or (
        reg.arc_resource_group if reg else (f"{group}-arc" if old_module else group)
    )
    if existing is not None:
        settings = azure.find(f"{rid}/arcSettings/default")
        if settings is not None:
            current = str(settings.properties.get("arcInstanceResourceGroup", arc_group))
            if arc_group_in and arc_group_in.lower() != current.lower():
                raise ModuleError(9129, texts.ARC_RG_DIFFERS.format(existing=current))
            arc_group = current
        if existing.location.lower() != region:
            raise ModuleError(
                9104, texts.REGION_MISMATCH.format(existing=existing.location, requested=region)
            )

    # 22H2 and later without the mandatory extensions consented yet: `Write-Warning
    # $MandatoryExtensionInfoMessage; Write-InfoLog (...)` (stackhci.ps1 @06618c80; 2.2.0
    # "removed confirmation prompt for consent"). The lab records no consent time, so every
    # registration whose arcSettings do not exist yet warns.
    settings_now = azure.find(
        f"{resource_id(subscription, group, CLUSTER_TYPE, name)}/arcSettings/default"
    )
    if (
        _version(node.modules.get("Az.StackHCI")) >= MANDATORY_EXTENSIONS_MODULE
        and int(node.os_build or "0") >= LAST_22H2_BUILD
        and settings_now is None
    ):
        run.warnings.append(texts.MANDATORY_EXTENSIONS)
        run.info(texts.MANDATORY_EXTENSIONS)

    # step 15: nodes already Arc-connected somewhere else.
    elsewhere = []
    for other in world.ordered_nodes():
        agent = other.arc_agent
        expected = world.machine_id(other, subscription, arc_group)
        if agent.status != "Disconnected" and agent.resource_id.lower() != expected.lower():
            elsewhere.append(f"{other.name} : {agent.resource_id}")
    if elsewhere:
        raise ModuleError(2, texts.ARC_ELSEWHERE.format(lines="\n".join(elsewhere)))

    # step 17: Arc machine names taken by another cluster in the Arc resource group.
    if azure.find_group(subscription, arc_group) is not None:
        clashes = []
        for other in world.ordered_nodes():
            machine = azure.find(world.machine_id(other, subscription, arc_group))
            parent = str(machine.properties.get("parentClusterResourceId", "")) if machine else ""
            if machine is not None and parent and parent.lower() != rid.lower():
                clashes.append(other.name)
        if clashes:
            raise ModuleError(
                9105, texts.ARC_NAME_CLASH.format(names=",".join(clashes), group=arc_group)
            )

    warnings: list[str] = []
    if reg is not None and not repair:
        # step 19: same resource and it exists -> nothing to do for the registration itself.
        if reg.resource_id.lower() != rid.lower():
            raise ModuleError(9107, texts.REGISTERED_ELSEWHERE.format(resource_id=reg.resource_id))
        if existing is None:
            raise ModuleError(9106, texts.RESOURCE_GONE.format(resource_id=reg.resource_id))
        run.log(
            "INFO", "The cluster is already registered with this resource; registration unchanged"
        )
    else:
        pending = _register_cluster(
            run, cloud, principal, tenant, rid, name, group, region, arc_group, existing
        )
        if pending is not None:
            return pending, warnings
    arc_result = _register_arc(run, principal, rid, warnings)
    registration = world.cluster.registration
    assert registration is not None
    # stackhci.ps1 @06618c80: ErrorDetail (when Arc failed), then Result, AzurePortalResourceURL,
    # AzureResourceId and Details, which is $RegistrationSuccessDetailsMessage whatever the Arc
    # part did; why Arc failed is only in the host lines and the logs.
    outcome: dict[str, Any] = {"ErrorDetail": arc_result[2]} if arc_result[2] else {}
    outcome.update(
        {
            "Result": arc_result[0],
            "AzurePortalResourceURL": f"https://portal.azure.com/#@{tenant}/resource{rid}/overview",
            "AzureResourceId": rid,
            "Details": texts.REGISTER_SUCCESS,
        }
    )
    if arc_result[2]:
        run.error(arc_result[1], stopped=False)
    return outcome, warnings


def _find(world: LabWorld, principal: str, rid: str) -> Any:
    try:
        return world.azure.get(principal, rid)
    except ArmError as error:
        if error.status == 404:
            return None
        raise ModuleError(None, error.message) from None


def _ensure_group(run: Run, principal: str, subscription: str, group: str, region: str) -> None:
    azure = run.world.azure
    if azure.find_group(subscription, group) is None:
        _arm(
            azure.create_group,
            principal,
            subscription,
            group,
            region,
            {CREATED_BY_TAG[0]: CREATED_BY_TAG[1]},
        )
        run.log("INFO", f"Created resource group {group}")


def _register_cluster(
    run: Run,
    cloud: str,
    principal: str,
    tenant: str,
    rid: str,
    name: str,
    group: str,
    region: str,
    arc_group: str,
    existing: Any,
) -> dict[str, Any] | None:
    """facts §1.2 step 20-22: RP, region, groups, resource, identity, RP role, certificates."""
    world = run.world
    azure = world.azure
    subscription = ResourceId.parse(rid).subscription_id
    if azure.provider_state(subscription, HCI_NAMESPACE) != "Registered":
        _arm(azure.register_provider, principal, subscription, HCI_NAMESPACE)
    locations = _validate_region_locations(run, subscription)
    if region not in {normalize_region(loc) for loc in locations}:
        raise ModuleError(
            9108, texts.REGION_UNSUPPORTED.format(region=region, regions=",".join(locations))
        )
    _ensure_group(run, principal, subscription, group, region)
    _ensure_group(run, principal, subscription, arc_group, region)
    cluster = existing or _arm(
        azure.put,
        principal,
        rid,
        location=region,
        properties={"status": "NotYetRegistered"},
        identity={"type": "SystemAssigned"},
        code=9130,
        prefix="Failed to create cluster resource",
    )
    _system_identity(world, cluster, tenant)
    # createClusterIdentity: the RP creates the `<cluster>` app registration (facts §1.5).
    app = azure.apps.get(str(cluster.properties.get("aadClientId", "")))
    if app is None:
        _arm(azure.action, principal, rid, "createClusterIdentity")
        app = azure.create_app(tenant, name)
        cluster.properties.update(
            {
                "aadClientId": app.app_id,
                "aadTenantId": tenant,
                "aadApplicationObjectId": app.object_id,
            }
        )
        run.log("INFO", f"Created app registration {name} ({app.app_id})")
    if not app.consent_granted:
        # 1.x behaviour (facts §1.5, seeds/001): registration waits for an admin's consent.
        run.warn(f"Registration pending admin consent for application {app.app_id}")
        return {
            "Result": "PendingForAdminConsent",
            "AzureResourceId": rid,
            "AppId": app.app_id,
            "PortalAADAppPermissionsURL": (
                "https://portal.azure.com/#blade/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/"
                f"CallAnAPI/appId/{app.app_id}/isMSAApp/"
            ),
            "Details": "Registration is pending admin consent. Ask an Azure AD admin to grant consent, then run Register-AzStackHCI again.",
        }
    rp = azure.hci_rp_principal(tenant)
    arc_scope = f"/subscriptions/{subscription}/resourceGroups/{arc_group}"
    if not azure.has_assignment(rp.object_id, RP_ROLE, arc_scope):
        _arm(
            azure.create_assignment,
            principal,
            rp.object_id,
            RP_ROLE,
            arc_scope,
            code=9132,
            prefix=texts.RP_ROLE_FAILED,
        )
    previous = world.cluster.registration
    world.cluster.registration = HciRegistration(
        cloud=cloud,
        subscription_id=subscription,
        tenant_id=tenant,
        resource_group=ResourceId.parse(rid).resource_group,
        resource_name=name,
        region=region,
        resource_id=rid,
        app_id=app.app_id,
        registration_date=previous.registration_date if previous else world.now(),
        arc_resource_group=arc_group,
    )
    try:
        _setup_certificates(run, app)
    except ModuleError:
        world.cluster.registration = previous
        raise
    world.cluster.unregistered_at = None
    world.cluster.logs_directory = run.logs_directory()
    now = world.now()
    cluster.properties.update(
        {
            "status": "ConnectedRecently",
            "cloudId": world.new_guid()
            if "cloudId" not in cluster.properties
            else cluster.properties["cloudId"],
            "registrationTimestamp": world.cluster.registration.registration_date.isoformat(),
            "lastSyncTimestamp": now.isoformat(),
            # What the cluster reports on its first sync (azure-rest-api-specs
            # Microsoft.AzureStackHCI ClusterReportedProperties: clusterName, clusterId "Unique
            # id generated by the on-prem cluster", nodes).
            "reportedProperties": {
                "clusterName": world.cluster.name,
                "clusterId": world.cluster_id(),
                "nodes": [{"name": n.name} for n in world.ordered_nodes()],
                "lastUpdated": now.isoformat(),
            },
        }
    )
    for other in world.ordered_nodes():
        if other.certificate is not None:
            other.last_connected = now
            other.last_sync_error = None
    world.cluster.last_background_sync = now
    run.log("INFO", f"Set-AzureStackHCIRegistration done for {rid}")
    return None


def _system_identity(world: LabWorld, cluster: Any, tenant: str) -> None:
    """The cluster resource's SystemAssigned identity gets its service principal (what ARM
    reports as identity.principalId; Az.StackHCI >= 1.4.0 asks for it, ChangeLog 1.4.0)."""
    identity = dict(cluster.identity or {"type": "SystemAssigned"})
    if identity.get("principalId"):
        return
    principal = Principal(world.new_guid(), "ServicePrincipal", cluster.name, [tenant])
    world.azure.principals[principal.object_id] = principal
    identity.update(principalId=principal.object_id, tenantId=tenant)
    cluster.identity = identity


def _setup_certificates(run: Run, app: Any) -> None:
    """facts §1.4: certificates per node, one upload, then per-node verification (9110)."""
    world = run.world
    repair = flag(run.command, "RepairRegistration")
    generate_failed: list[str] = []
    verify_failed: list[str] = []
    certificates = {}
    for other in world.ordered_nodes():
        cert = node_ops.generate_certificate(world, other) if run.reaches(other) else None
        if cert is None:
            generate_failed.append(other.name)
            verify_failed.append(other.name)
        else:
            certificates[other.name] = (other, cert)
    # uploadCertificate replaces the app's keys (repair: "deletes ... the remote certificates").
    app.key_thumbprints = [cert.thumbprint for _, cert in certificates.values()]
    for other, cert in certificates.values():
        other.certificate = cert
        if repair:
            other.faults.cert_rotation_fails = False
            if other.policy_state == "OutOfPolicy" and other.policy_event == 591:
                # seeds/000: 591 -> "try running Register-AzStackHCI again with -RepairRegistration"
                world.back_in_policy(other)
        elif (
            other.policy_event == 594
            and other.policy_since is not None
            and other.last_boot is not None
            and other.last_boot >= other.policy_since
        ):
            # seeds/000: 594 on the whole cluster -> unregister, restart, register.
            world.back_in_policy(other)
        error = node_ops.hcisvc_cloud_call(world, other)
        if error is not None:
            verify_failed.append(other.name)
            run.log(
                "ERROR", f"Set-AzureStackHCIRegistrationCertificate failed on {other.name}: {error}"
            )
    if generate_failed or verify_failed:
        raise ModuleError(
            9110,
            texts.CERT_FAILURE.format(
                generate=",".join(generate_failed), verify=",".join(verify_failed)
            ),
        )


# Retry-Command's waits between its 8 attempts: MinWaitTimeInSeconds 5 + 2^(attempt-1), at most
# MaxWaitTimeInSeconds 60 (Az.StackHCI stackhci.ps1, function Retry-Command).
RETRY_COMMAND_DELAYS_S = tuple(min(60, 5 + 2 ** (attempt - 1)) for attempt in range(1, 8))


def _validate_region_locations(run: Run, subscription: str) -> list[str]:
    """Validate-RegionName (stackhci.ps1): `Retry-Command -RetryIfNullOutput $true` around
    `(Get-AzResourceProvider -ProviderNamespace Microsoft.AzureStackHCI).Where{clusters and
    RegistrationState -eq 'Registered'}.Locations`: a provider still Registering reads as no
    locations, so the module waits (virtual time here) for the registration it just began."""
    azure = run.world.azure
    for delay in (*RETRY_COMMAND_DELAYS_S, None):
        if azure.provider_state(subscription, HCI_NAMESPACE) == "Registered":
            return azure.provider_locations(subscription)
        if delay is not None:
            run.world.clock.advance(delay)
    return []


def _register_arc(
    run: Run, principal: str, rid: str, warnings: list[str]
) -> tuple[str, str, str | None]:
    """facts §1.5: RPs, arcSettings, the `<cluster>.arc` identity and its roles, each node, verify."""
    world = run.world
    azure = world.azure
    reg = world.cluster.registration
    assert reg is not None
    # Register-ArcForServers: HybridCompute, GuestConfiguration, and HybridConnectivity only in
    # AzureCloud (stackhci.ps1 at 06618c806a1a89a1cc6b7c787f32c5b30d7023f3).
    namespaces = [ARC_NAMESPACE, GUEST_CONFIG_NAMESPACE]
    if reg.cloud == "AzureCloud":
        namespaces.append(HYBRID_CONNECTIVITY_NAMESPACE)
    for namespace in namespaces:
        if azure.provider_state(reg.subscription_id, namespace) != "Registered":
            try:
                azure.register_provider(principal, reg.subscription_id, namespace)
            except ArmError as error:
                run.warn(f"Couldn't register resource provider {namespace}: {error.message}")
    settings_id = f"{rid}/arcSettings/default"
    settings = azure.find(settings_id)
    if settings is not None and settings.properties.get("aggregateState") == "DisableInProgress":
        raise ModuleError(9113, texts.ARC_DISABLE_IN_PROGRESS)
    arc_scope = f"/subscriptions/{reg.subscription_id}/resourceGroups/{reg.arc_resource_group}"
    msi = _arc_by_cluster_identity(run)
    if msi is not None:
        # Validate-MSIForArc true: Assign-ArcRoles to the cluster's identity; no Arc app.
        onboarding_principal, app_id = msi, ""
    else:
        arc_app = azure.apps.get(world.cluster.arc.app_id) if world.cluster.arc.app_id else None
        if arc_app is None:
            _arm(azure.action, principal, rid, "createArcIdentity")
            arc_app = azure.create_app(reg.tenant_id, f"{reg.resource_name}.arc")
            run.log("INFO", f"Created app registration {arc_app.display_name} ({arc_app.app_id})")
        onboarding_principal, app_id = arc_app.sp_object_id, arc_app.app_id
    try:
        for role in ARC_APP_ROLES:
            if not azure.has_assignment(onboarding_principal, role, arc_scope):
                azure.create_assignment(principal, onboarding_principal, role, arc_scope)
    except ArmError as error:
        run.log("ERROR", f"{texts.ARC_ROLES_FAILED} {error.message}")
        return "RegisterSucceededButArcFailed", texts.ARC_ROLES_FAILED, "ArcPermissionsMissing"
    if settings is None:
        _arm(
            azure.put,
            principal,
            settings_id,
            location=reg.region,
            properties={
                "arcInstanceResourceGroup": reg.arc_resource_group,
                "aggregateState": "NotSpecified",
            },
        )
    world.cluster.arc = ClusterArc(
        status="Enabled",
        app_id=app_id,
        principal_id="" if app_id else onboarding_principal,
        tenant_id=reg.tenant_id,
        subscription_id=reg.subscription_id,
        resource_group=reg.arc_resource_group,
        region=reg.region,
        cloud=reg.cloud,
    )
    if app_id:
        azure.find(settings_id).properties["arcApplicationClientId"] = app_id  # type: ignore[union-attr]
    failures = []
    for other in world.ordered_nodes():
        if other.arc_status == "Enabled" and other.arc_agent.status == "Connected":
            continue
        problem = _arc_task(world, other) if run.reaches(other) else "node not reachable"
        if problem is not None:
            failures.append(f"{other.name}: {problem}")
            run.log("ERROR", f"Arc enablement failed on {other.name}: {problem}")
    world.settle()
    if failures:
        return (
            "RegisterSucceededButArcFailed",
            texts.ARC_NODES_FAILED + "\n" + "\n".join(failures),
            "ArcIntegrationFailedOnNodes",
        )
    if any(world.portal_arc_state(other) != "Connected" for other in world.ordered_nodes()):
        warnings.append(texts.ARC_VERIFY_WARNING)
    return (
        "Success",
        "Azure Stack HCI is successfully registered and Azure Arc integration is enabled.",
        None,
    )


def _arc_by_cluster_identity(run: Run) -> str | None:
    """The cluster identity's object id when this module onboards Arc with it, else None.

    Az.StackHCI 2.2.3 (ChangeLog: "Added support for ARC Onboarding using Cluster Managed
    Identity"); stackhci.ps1 @06618c80 Validate-MSIForArc: the node's
    Enable-AzureStackHCIArcIntegration takes -AccessToken, the cluster resource has a
    SystemAssigned identity with a principalId, and the node's metadata endpoint answers
    (here: the cluster is registered). Older modules create the `<cluster>.arc` app."""
    if _version(run.node.modules.get("Az.StackHCI")) < ARC_BY_CLUSTER_IDENTITY:
        return None
    from orchestrator.lab.surface_arc import cluster_identity

    return cluster_identity(run.world)


def _arc_task(world: LabWorld, node: LabNode) -> str | None:
    """The ArcRegistrationTask body on one node (facts §1.5 step 6): transcript
    RegisterArc_yyyyMMdd.log, events 9002 / 9003 / 9006 (source HCI Registration)."""
    stamp = world.node_time(node)
    path = f"{ARC_TASK_LOG_DIR}\\RegisterArc_{stamp:%Y%m%d}.log"
    world.append_file(node, path, f"{stamp:%Y/%m/%d %H:%M:%S} Starting Arc registration")
    world.log_event(
        node, APPLICATION_LOG, 9002, "Information", "Arc registration started", "HCI Registration"
    )
    problem = node_ops.enable_node_arc(world, node, _metadata_token(world))
    if problem is None:
        world.append_file(node, path, "Arc agent process succeeded to onboard machine")
        world.log_event(
            node, APPLICATION_LOG, 9003, "Information", "Arc registration done", "HCI Registration"
        )
    else:
        world.append_file(node, path, f"Arc registration failed: {problem}")
        world.log_event(
            node,
            APPLICATION_LOG,
            9006,
            "Error",
            f"Arc registration failed: {problem}",
            "HCI Registration",
        )
    return problem


def _metadata_token(world: LabWorld) -> str | None:
    """What `$registerArcScript` / Disable-ArcForServers fetch from the node's metadata endpoint
    when ApplicationId is empty: a token of the cluster's identity (None: there is an app)."""
    reg = world.cluster.registration
    if world.cluster.arc.app_id or reg is None:
        return None
    from orchestrator.lab.surface_arc import cluster_identity

    principal = cluster_identity(world)
    return world.azure.issue_token(principal, reg.tenant_id) if principal else None


# --- Unregister-AzStackHCI ------------------------------------------------------------------------


@handles("Unregister-AzStackHCI")
def unregister(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    cloud, bad = _environment(command, "Unregister-AzStackHCI")
    if bad:
        return bad
    run = Run(world, node, command, "UnregisterHCI")
    try:
        run.open_local_session()
        acknowledge_os_upgrade(node, command)
        run.setup_logging()
        run.parameters_event("Unregister-AzStackHCI")
        node.count("unregister")
        outcome = _unregister(run, cloud)
    except ModuleError as error:
        return run.fail(error, "Unregister-AzStackHCI")
    if outcome.get("Details") == texts.UNREGISTER_SUCCESS:
        run._event(9007, texts.UNREGISTER_SUCCESS)
    run.log("INFO", f"Result: {outcome['Result']}")
    return run.result(format_list(outcome))


def _unregister(run: Run, cloud: str) -> dict[str, Any]:
    """facts §1.3. Azure deletions use the coordinates of the request, so a wrong subscription
    clears the cluster's local state while the real resources stay (seeds/000, B1)."""
    world, command = run.world, run.command
    azure = world.azure
    reg = world.cluster.registration
    subscription = text(command, "SubscriptionId") or (reg.subscription_id if reg else "")
    name = text(command, "ResourceName") or (reg.resource_name if reg else "")
    if not subscription or not name:
        raise ModuleError(9115, texts.UNREGISTER_NEEDS_PARAMETERS)
    group = text(command, "ResourceGroupName") or (
        reg.resource_group if reg and reg.resource_name.lower() == name.lower() else f"{name}-rg"
    )
    rid = resource_id(subscription, group, CLUSTER_TYPE, name)
    # `if ($PSCmdlet.ShouldProcess($resourceId)) {...} else { Cancelled }` (stackhci.ps1 @06618c80)
    try:
        if not should_process(command, target=rid):
            return {"Result": "Cancelled"}
    except HostPromptNotInteractive as refused:
        raise ModuleError(None, refused.text) from None
    principal, _tenant = run.login(cloud, subscription)
    cluster_resource = azure.find(rid)
    arc_group = reg.arc_resource_group if reg else group

    arc = world.cluster.arc
    if arc.status != "Disabled" or any(n.arc_status != "Disabled" for n in world.ordered_nodes()):
        arc.status = "DisableInProgress"
        settings_id = f"{rid}/arcSettings/default"
        settings = azure.find(settings_id)
        if settings is not None:
            settings.properties["aggregateState"] = "DisableInProgress"
        token = _metadata_token(world)
        failed = False
        for other in world.ordered_nodes():
            if not run.reaches(other):
                failed = True
                continue
            in_scope = other.arc_agent.subscription_id.lower() == subscription.lower()
            error = (
                node_ops.disable_node_arc(world, other, token)
                if in_scope or other.arc_agent.status == "Disconnected"
                else _local_disable(world, other)
            )
            failed = failed or error is not None
        if failed:
            # Disable-ArcForServers: on any error, one line per node NodesArcStatus does not
            # show Disabled (stackhci.ps1 @06618c80, `$UnregisterArcFailedError -f $node`),
            # written with Write-ErrorLog (lab: without a category); then Unregister-AzStackHCI
            # returns Result Failed (9117).
            failures = [
                texts.ARC_DISABLE_FAILED.format(node=other.name)
                for other in world.ordered_nodes()
                if other.arc_status != "Disabled"
            ]
            for failure in failures:
                run.error(failure, stopped=False)
            raise ModuleError(9117, texts.ARC_UNREGISTRATION_FAILED, returns=True)
        _arm(azure.delete, principal, settings_id)
        if cluster_resource is not None and arc.app_id:
            azure.delete_app(arc.app_id)
        world.cluster.arc = ClusterArc()
        rp = azure.hci_rp_principal(world.target.tenant_id if reg is None else reg.tenant_id)
        arc_scope = f"/subscriptions/{subscription}/resourceGroups/{arc_group}"
        parented = [
            m
            for m in azure.resources_in_group(subscription, arc_group)
            if str(m.properties.get("parentClusterResourceId", ""))
        ]
        if not parented:
            for assignment in list(azure.assignments_for(rp.object_id)):
                if assignment.scope.lower() == arc_scope.lower():
                    _arm(azure.delete_assignment, principal, assignment.id)
        _remove_tagged_group(run, principal, subscription, arc_group)
    if flag(command, "DisableOnlyAzureArcServer"):
        run._event(9008, "Disabling only ARC for Servers. UnRegistration completed successfully")
        return {"Result": "Success"}
    world.cluster.registration = None
    world.cluster.logs_directory = ""  # the ArcRegistrationTask goes with the unregistration
    world.cluster.unregistered_at = world.now()
    for other in world.ordered_nodes():
        other.certificate = None
        other.last_connected = None
        other.last_sync_error = None
    _arm(azure.delete, principal, rid)
    if cluster_resource is not None and reg is not None and reg.resource_id.lower() == rid.lower():
        azure.delete_app(reg.app_id)
    _remove_tagged_group(run, principal, subscription, group)
    return {"Result": "Success", "Details": texts.UNREGISTER_SUCCESS}


def _local_disable(world: LabWorld, node: LabNode) -> str | None:
    """The request points at another subscription: the node forgets its Arc identity locally,
    and its resource in the real subscription stays (seeds/000 B1)."""
    node_ops.agent_disconnect(world, node, None, force_local=True)
    node.arc_status = "Disabled"
    return None


def _remove_tagged_group(run: Run, principal: str, subscription: str, group: str) -> None:
    """Only a group this module created (CreatedBy tag) and that is empty (facts §1.3 6g)."""
    azure = run.world.azure
    found = azure.find_group(subscription, group)
    if found is None or found.tags.get(CREATED_BY_TAG[0]) != CREATED_BY_TAG[1]:
        return
    if azure.resources_in_group(subscription, group):
        return
    _arm(azure.delete_group, principal, subscription, group)


# --- Get-AzureStackHCI / Sync-AzureStackHCI ------------------------------------------------------


# Windows build of Azure Stack HCI 22H2 (stackhci.ps1 @06618c80: `$22H2BuildNumber`, facts §1.2 step
# 8): from this build on Get-AzureStackHCI also reports Region, IMDSAttestation, DiagnosticLevel.
HCI_22H2_BUILD = 20349


@handles("Get-AzureStackHCI", reads_only=True)
def get_azure_stack_hci(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Exactly the cmdlet's properties (MicrosoftDocs/azure-stack-docs
    azure-stack/hci/manage/manage-cluster-registration.md @2507771c): no cloud, subscription or
    tenant. RegistrationStatus is OutOfPolicy, with an empty AzureResourceUri, for a cluster
    never registered within 30 days of installation and for one just unregistered."""
    reg = world.cluster.registration
    last_sync = world.cluster.last_background_sync
    next_sync = last_sync + timedelta(seconds=BACKGROUND_SYNC_S) if last_sync else None
    if reg is None:
        created = world.cluster.created or world.now()
        lapsed = world.now() - created > LICENSE_GRACE
        unregistered = world.cluster.unregistered_at is not None
        status = "OutOfPolicy" if lapsed or unregistered else "NotYet"
        connection = "NotYet"
    elif node.policy_state == "OutOfPolicy":
        status, connection = "OutOfPolicy", "Disconnected"
    else:
        status = "Registered"
        connection = (
            "Connected" if node.last_sync_error is None and node.last_connected else "Disconnected"
        )
    view: dict[str, Any] = {
        "ClusterStatus": "Clustered",
        "RegistrationStatus": status,
        "RegistrationDate": iso(reg.registration_date) if reg else None,
        "AzureResourceName": reg.resource_name if reg else None,
        "AzureResourceUri": reg.resource_id if reg else None,
        "ConnectionStatus": connection,
        "LastConnected": iso(node.last_connected) if reg and node.last_connected else None,
        "NextSync": iso(next_sync) if reg and next_sync else None,
    }
    if _build(node) >= HCI_22H2_BUILD:
        view.update(
            Region=reg.region if reg else None, IMDSAttestation="Disabled", DiagnosticLevel="Basic"
        )
    return CommandResult(output=[view])


def _build(node: LabNode) -> int:
    return int(node.os_build) if str(node.os_build).isdigit() else 0


@handles("Get-AzStackHCILogsDirectory", reads_only=True)
def get_logs_directory(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """stackhci.ps1 @06618c80 Get-AzStackHCILogsDirectory: the folder the ArcRegistrationTask
    records; without one, the session's working directory and the Arc task's log folder. Added
    in Az.StackHCI 2.2.0: older modules do not have the cmdlet."""
    if _version(node.modules.get("Az.StackHCI")) < LOGS_DIRECTORY_MODULE:
        return not_recognized("Get-AzStackHCILogsDirectory")
    cluster = world.cluster
    if cluster.registration is not None and cluster.logs_directory:
        return CommandResult(
            output=[f"HCI Registration Logs directory path: {cluster.logs_directory}"]
        )
    return CommandResult(
        output=[
            f"HCI Arc Enablement Logs directory path: {ARC_TASK_LOG_DIR}",
            f"HCI Registration Logs directory path: {WORKING_DIRECTORY}",
        ]
    )


@handles("Sync-AzureStackHCI")
def sync_azure_stack_hci(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    if world.cluster.registration is None:
        return thrown("The cluster is not registered with Azure. Run Register-AzStackHCI first.")
    node.count("sync")
    failures = node_ops.census_sync(world, node)
    own = next((error for failed, error in failures if failed is node), None)
    if own is not None:
        return thrown(f"Sync-AzureStackHCI failed: {own}")
    return CommandResult()


@handles("Add-ClusterVirtualMachineRole")
def add_vm_role(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """seeds/001: no new VMs when never registered past 30 days, or no sync for 30 days (C9)."""
    vm = text(command, "VMName", "vm1")
    now = world.now()
    reg = world.cluster.registration
    created = world.cluster.created or now
    if reg is None:
        licensed = now - created <= LICENSE_GRACE
    else:
        licensed = node.last_connected is not None and now - node.last_connected <= LICENSE_GRACE
    if not licensed:
        return thrown(texts.VM_LICENSE.format(vm=vm))
    node.count("vm-role")
    return CommandResult(output=[{"Name": vm, "OwnerNode": node.name, "State": "Offline"}])
