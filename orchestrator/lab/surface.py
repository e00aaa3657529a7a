"""The cmdlet surface: the commands a node answers, acting on the world as the real ones do.

Output objects carry the real property names; errors carry the real message texts and
FullyQualifiedErrorIds (sources noted per handler), so classification code sees what it
would see on a real node.
"""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.lab.world import SERVICE_DISPLAY_NAMES, LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult, ErrorRecord

Handler = Callable[[LabWorld, LabNode, Command], CommandResult]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = fn
        return fn

    return register


def dispatch(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    handler = HANDLERS.get(command.name.lower())
    if handler is None:
        # PowerShell's text for an unknown command.
        return CommandResult(
            errors=[
                ErrorRecord(
                    f"The term '{command.name}' is not recognized as the name of a cmdlet, function, "
                    "script file, or operable program.",
                    "CommandNotFoundException",
                    "ObjectNotFound",
                )
            ]
        )
    with world.lock:
        return handler(world, node, command)


def _service_or_error(node: LabNode, name: str, cmdlet: str) -> CommandResult | None:
    if name.lower() in node.services:
        return None
    return CommandResult(
        errors=[
            ErrorRecord(
                f"Cannot find any service with service name '{name}'.",
                f"NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.{cmdlet}",
                "ObjectNotFound",
            )
        ]
    )


def _service_object(node: LabNode, name: str) -> dict[str, str]:
    svc = node.services[name.lower()]
    return {
        "Name": svc.name,
        "DisplayName": SERVICE_DISPLAY_NAMES.get(svc.name, svc.name),
        "Status": svc.status,
        "StartType": svc.start_type,
    }


@handles("Get-Service")
def get_service(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = str(command.param("Name"))
    return _service_or_error(node, name, "GetServiceCommand") or CommandResult(
        output=[_service_object(node, name)]
    )


@handles("Start-Service")
def start_service(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    name = str(command.param("Name"))
    missing = _service_or_error(node, name, "StartServiceCommand")
    if missing:
        return missing
    svc = node.services[name.lower()]
    if not svc.running:
        svc.running = True
        node.count(f"start:{svc.name}")
    return CommandResult(output=[_service_object(node, name)] if command.param("PassThru") else [])


@handles("sc.exe")
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


@handles("Get-Date")
def get_date(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    # `Get-Date -Format o` prints the round-trip form, e.g. 2026-01-05T09:07:00.0000000+00:00.
    moment = world.node_time(node)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}0+00:00"
    return CommandResult(output=[text])


@handles("Get-CimInstance")
def get_cim_instance(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    class_name = str(command.param("ClassName"))
    if class_name.lower() != "win32_operatingsystem":
        return CommandResult(
            errors=[
                ErrorRecord(
                    "Invalid class ",
                    "HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand",
                    "MetadataError",
                )
            ]
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


# === BEGIN engine/prepare handlers (added by the engine branch for `orchestrate prepare`) =====
# Command shapes agreed with the lab rewrite: w32tm.exe /resync /force and wevtutil.exe gl|sl.

DEBUG_CHANNEL = "Microsoft-AzureStack-HCI/Debug"


@handles("w32tm.exe")
def w32tm(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    if [a.lower() for a in command.arguments] != ["/resync", "/force"]:
        return CommandResult(
            output=["The following error occurred: The parameter is incorrect. (0x80070057)"],
            exit_code=87,
        )
    node.clock_offset_s = 0.0
    node.count("w32tm:resync")
    # Output of `w32tm /resync /force` on Windows Server.
    return CommandResult(
        output=["Sending resync command to local computer", "The command completed successfully."],
        exit_code=0,
    )


@handles("wevtutil.exe")
def wevtutil(_world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    args = list(command.arguments)
    if len(args) >= 2 and args[1].lower() != DEBUG_CHANNEL.lower():
        # wevtutil's text for a channel that does not exist (ERROR_EVT_CHANNEL_NOT_FOUND).
        return CommandResult(
            output=[
                f"Failed to read configuration for log {args[1]}. "
                "The specified channel could not be found."
            ],
            exit_code=15007,
        )
    if len(args) == 2 and args[0].lower() == "gl":
        return CommandResult(
            output=[
                f"name: {DEBUG_CHANNEL}",
                f"enabled: {'true' if node.debug_channel_enabled else 'false'}",
                "type: Analytic",
            ],
            exit_code=0,
        )
    if len(args) == 3 and args[0].lower() == "sl" and args[2].lower() in ("/e:true", "/e:false"):
        node.debug_channel_enabled = args[2].lower() == "/e:true"
        node.count("wevtutil:set-debug")
        return CommandResult(output=[], exit_code=0)
    return CommandResult(output=["The parameter is incorrect."], exit_code=87)


# === END engine/prepare handlers ===============================================================
