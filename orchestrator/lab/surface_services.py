"""Services, time, OS facts and reboots: Get-/Start-/Restart-Service, sc.exe, Get-Date, w32tm,
Get-CimInstance Win32_OperatingSystem, Restart-Computer, the machine environment (setx,
Get-/Set-ItemProperty), modules, and the cluster's node list."""

from __future__ import annotations

from orchestrator.lab import node_ops
from orchestrator.lab.handlers import error, handles, text
from orchestrator.lab.world import CLUSTER_DOMAIN, SERVICE_DISPLAY_NAMES, LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult


def _service_or_error(node: LabNode, name: str, cmdlet: str) -> CommandResult | None:
    if name.lower() in node.services:
        return None
    return error(
        f"Cannot find any service with service name '{name}'.",
        f"NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.{cmdlet}",
        "ObjectNotFound",
    )


def _service_object(node: LabNode, name: str) -> dict[str, str]:
    svc = node.services[name.lower()]
    return {
        "Name": svc.name,
        "DisplayName": SERVICE_DISPLAY_NAMES.get(svc.name, svc.name),
        "Status": svc.status,
        "StartType": svc.start_type,
    }


@handles("Get-Service", reads_only=True)
def get_service(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = text(command, "Name")
    return _service_or_error(node, name, "GetServiceCommand") or CommandResult(
        output=[_service_object(node, name)]
    )


@handles("Start-Service", "Restart-Service")
def start_service(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = text(command, "Name")
    cmdlet = (
        "RestartServiceCommand"
        if command.name.lower() == "restart-service"
        else "StartServiceCommand"
    )
    missing = _service_or_error(node, name, cmdlet)
    if missing:
        return missing
    svc = node.services[name.lower()]
    restart = cmdlet == "RestartServiceCommand"
    if restart or not svc.running:
        svc.running = True
        node.count(f"{'restart' if restart else 'start'}:{svc.name}")
        if svc.name == "himds":
            node_ops.restart_himds(world, node)
    return CommandResult(output=[_service_object(node, name)] if command.param("PassThru") else [])


@handles("sc.exe", reads_only=True)  # `sc.exe query` only
def sc_query(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    # `sc.exe query <name>`: text output and exit codes as on Windows (1060 = no such service).
    if len(command.arguments) != 2 or command.arguments[0].lower() != "query":
        return CommandResult(
            output=["[SC] unsupported in the lab: " + " ".join(command.arguments)], exit_code=1
        )
    name = command.arguments[1]
    svc = node.services.get(name.lower())
    if svc is None:
        return CommandResult(
            output=[
                "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:",
                "",
                "The specified service does not exist as an installed service.",
            ],
            exit_code=1060,
        )
    state = "4  RUNNING" if svc.running else "1  STOPPED"
    return CommandResult(
        output=[
            f"SERVICE_NAME: {svc.name}",
            "        TYPE               : 10  WIN32_OWN_PROCESS",
            f"        STATE              : {state}",
        ],
        exit_code=0,
    )


@handles("Get-Date", reads_only=True)
def get_date(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    # `Get-Date -Format o` prints the round-trip form, e.g. 2026-01-05T09:07:00.0000000+00:00.
    moment = world.node_time(node)
    value = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0+00:00"
    return CommandResult(output=[value])


def _w32tm_args(command: Command) -> list[str]:
    return [a.lower() for a in command.arguments]


@handles("w32tm.exe", "w32tm", reads_only=lambda c: _w32tm_args(c) == ["/query", "/status"])
def w32tm(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """`w32tm /resync /force` (reserved shape shared with the prepare flow) and
    `w32tm /query /status` (the command Microsoft's Azure Local install page has you run to see
    the time source). LAB WORDING for the status lines: the field names and the
    "Local CMOS Clock" source are as w32tm prints them in public transcripts (no Microsoft page
    with a full sample was found); the values are the lab's."""
    args = _w32tm_args(command)
    if args == ["/query", "/status"]:
        return CommandResult(output=_w32tm_status(node), exit_code=0)
    if args[:1] != ["/resync"]:
        return CommandResult(
            output=["The following error occurred: The parameter is incorrect. (0x80070057)"],
            exit_code=87,
        )
    node.clock_offset_s = 0.0
    node.count("w32tm:resync")
    return CommandResult(
        output=["Sending resync command to local computer", "The command completed successfully."],
        exit_code=0,
    )


def _w32tm_status(node: LabNode) -> list[str]:
    unsynced = node.time_source.lower() == "local cmos clock"
    return [
        "Leap Indicator: 3(not synchronized)" if unsynced else "Leap Indicator: 0(no warning)",
        "Stratum: 1 (primary reference - syncd by radio clock)"
        if unsynced
        else "Stratum: 3 (secondary reference - syncd by (S)NTP)",
        "Precision: -23 (119.209ns per tick)",
        "Root Delay: 0.0000000s" if unsynced else "Root Delay: 0.0312500s",
        "Root Dispersion: 10.0000000s",
        'ReferenceId: 0x4C4F434C (source name:  "LOCL")'
        if unsynced
        else "ReferenceId: 0x14650001 (source IP:  20.101.0.1)",
        "Last Successful Sync Time: unspecified"
        if unsynced
        else "Last Successful Sync Time: 1/5/2026 9:00:00 AM",
        f"Source: {node.time_source}",
        "Poll Interval: 10 (1024s)",
    ]


@handles("Get-CimInstance", reads_only=True)
def get_cim_instance(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    class_name = text(command, "ClassName")
    # Win32_OperatingSystem derives from CIM_OperatingSystem: asking for either returns the
    # one Win32_OperatingSystem instance (stackhci.ps1 reads CIM_OperatingSystem.BuildNumber).
    if class_name.lower() not in ("win32_operatingsystem", "cim_operatingsystem"):
        return error(
            "Invalid class ",
            "HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand",
            "MetadataError",
        )
    boot = node.last_boot.isoformat() if node.last_boot else None
    return CommandResult(
        output=[
            {
                "CSName": node.name.upper(),
                "Caption": "Microsoft Azure Stack HCI",
                "BuildNumber": node.os_build,
                "LastBootUpTime": boot,
            }
        ]
    )


@handles("Restart-Computer")
def restart_computer(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """The node comes back at once in virtual time; services start per their start type."""
    node.last_boot = world.now()
    for svc in node.services.values():
        svc.running = svc.start_type == "Automatic"
    if node.services["himds"].running:
        node_ops.restart_himds(world, node)
    node.count("restart")
    others_fine = all(n.policy_state == "InPolicy" for n in world.ordered_nodes() if n is not node)
    if node.policy_event == 594 and others_fine:
        # seeds/000 594, single node: after the restart the node repairs its data from the
        # cluster (the lab skips the remove/rejoin and logs 592 for the repair).
        world.admin_event(node, 592)
        world.back_in_policy(node)
    return CommandResult()


@handles("setx.exe", "setx")
def setx(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """`setx https_proxy <url> /M`: the machine environment (seeds/001 'Enabling Azure Arc' step 3)."""
    args = list(command.arguments)
    machine = any(a.lower() == "/m" for a in args)
    values = [a for a in args if a.lower() != "/m"]
    if len(values) != 2 or not machine:
        return CommandResult(output=["ERROR: Invalid syntax."], exit_code=1)
    name, value = values
    if name.lower() == "https_proxy" and value != node.https_proxy:
        node.https_proxy = value
        node.count("setx:https_proxy")
    return CommandResult(output=["SUCCESS: Specified value was saved."], exit_code=0)


@handles("Get-InstalledModule", reads_only=True)
def get_installed_module(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = text(command, "Name")
    version = node.modules.get(name)
    if version is None:
        return error(
            f"No match was found for the specified search criteria and module names '{name}'.",
            "NoMatchFound,Microsoft.PowerShell.PackageManagement.Cmdlets.GetPackage",
            "ObjectNotFound",
        )
    return CommandResult(output=[{"Name": name, "Version": version, "Repository": "PSGallery"}])


@handles("Get-Module", reads_only=True)
def get_module(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """`Get-Module -ListAvailable -Name X`: one PSModuleInfo per copy on the module path (the lab
    keeps one); nothing, and no error, when there is none."""
    name = text(command, "Name")
    version = node.modules.get(name)
    if version is None or command.param("ListAvailable") is not True:
        return CommandResult()
    base = f"C:\\Program Files\\WindowsPowerShell\\Modules\\{name}\\{version}"
    return CommandResult(
        output=[{"Name": name, "Version": version, "ModuleBase": base, "ModuleType": "Script"}]
    )


@handles("Install-Module")
def install_module(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = text(command, "Name")
    if name != "Az.StackHCI":
        return error(
            f"No match was found for the specified search criteria and module name '{name}'.",
            "NoMatchFoundForCriteria,Microsoft.PowerShell.PackageManagement.Cmdlets.InstallPackage",
            "ObjectNotFound",
        )
    node.modules[name] = "2.6.0"
    node.count(f"install:{name}")
    return CommandResult()


# Where Windows keeps machine environment variables ([Environment]::SetEnvironmentVariable(...,
# "Machine") writes here), so the proxy can be read and set with structured cmdlets.
MACHINE_ENVIRONMENT = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"


def _environment_path(command: Command) -> bool:
    return text(command, "Path").lower() == MACHINE_ENVIRONMENT.lower()


# The key Az.StackHCI reads DisplayVersion from (stackhci.ps1 `$osVersionDetectoid`).
CURRENT_VERSION = "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"


def _current_version(node: LabNode) -> dict[str, str | int]:
    return {
        "ProductName": node.os_product_name,
        "DisplayVersion": node.os_display_version,
        "CurrentBuild": node.os_build,
        "CurrentBuildNumber": node.os_build,
        "UBR": node.os_ubr,
        "InstallationType": "Server Core",
    }


@handles("Get-ItemProperty", reads_only=True)
def get_item_property(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = text(command, "Name")
    if _environment_path(command) and name.lower() == "https_proxy" and node.https_proxy:
        return CommandResult(output=[{"https_proxy": node.https_proxy}])
    if text(command, "Path").lower() == CURRENT_VERSION.lower():
        values = _current_version(node)
        if not name:
            return CommandResult(output=[values])
        for key, value in values.items():
            if key.lower() == name.lower():
                return CommandResult(output=[{key: value}])
    return error(
        f"Property {name} does not exist at path {text(command, 'Path')}.",
        "System.Management.Automation.PSArgumentException,"
        "Microsoft.PowerShell.Commands.GetItemPropertyCommand",
        "InvalidArgument",
    )


@handles("Set-ItemProperty")
def set_item_property(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    if not _environment_path(command) or text(command, "Name").lower() != "https_proxy":
        return error(
            "lab: only the machine https_proxy variable can be set",
            "NotSupported,Microsoft.PowerShell.Commands.SetItemPropertyCommand",
            "NotImplemented",
        )
    value = text(command, "Value")
    if value != node.https_proxy:
        node.https_proxy = value
        node.count("setx:https_proxy")
    return CommandResult()


@handles("Get-ClusterNode", reads_only=True)
def get_cluster_node(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    return CommandResult(
        output=[
            {
                "Name": n.name,
                "State": "Up" if n.reachable else "Down",
                "Cluster": world.cluster.name,
            }
            for n in world.ordered_nodes()
        ]
    )


@handles("Get-Cluster", reads_only=True)
def get_cluster(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    # The FailoverClusters module's Cluster object: Name, Domain and its unique Id (a GUID).
    return CommandResult(
        output=[{"Name": world.cluster.name, "Domain": CLUSTER_DOMAIN, "Id": world.cluster_id()}]
    )
