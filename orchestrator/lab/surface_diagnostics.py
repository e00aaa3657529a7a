"""Evidence and probes: wevtutil, Get-WinEvent, Get-ChildItem, Get-Content, Test-NetConnection,
Invoke-WebRequest, and New-PSSession from this node to another (the double hop)."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

from orchestrator.lab import calls, texts
from orchestrator.lab.handlers import error, flag, handles, iso, native_verb, text
from orchestrator.lab.surface_services import get_cim_instance
from orchestrator.lab.world import (
    ADMIN_CHANNEL,
    APPLICATION_LOG,
    CLUSTER_DOMAIN,
    DEBUG_CHANNEL,
    WORKING_DIRECTORY,
    LabFile,
    LabNode,
    LabWorld,
    fake_ip,
)
from orchestrator.transport.base import Command, CommandResult, ErrorRecord
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO

CHANNELS = (DEBUG_CHANNEL, ADMIN_CHANNEL, APPLICATION_LOG, "System")


def _channel(name: str) -> str | None:
    return next((c for c in CHANNELS if c.lower() == name.lower()), None)


@handles("wevtutil.exe", "wevtutil", reads_only=lambda c: native_verb(c) in ("gl", "get-log"))
def wevtutil(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """`wevtutil gl <channel>` and `wevtutil sl <channel> /e:true|false [/q]`, options anywhere
    after the verb (seeds/000 and azure-stack-docs troubleshoot-hci-registration.md show
    `wevtutil.exe sl /q /e:true Microsoft-AzureStack-HCI/Debug`)."""
    args = list(command.arguments)
    verb = native_verb(command)
    names = [a for a in args[1:] if not a.startswith("/")]
    switches = [a.lower() for a in args[1:] if a.startswith("/")]
    channel = _channel(names[0]) if names else None
    if verb not in ("gl", "get-log", "sl", "set-log") or channel is None:
        missing = names[0] if names else ""
        return CommandResult(
            output=[
                f"Failed to read configuration for log {missing}. The specified channel could not be found."
            ],
            exit_code=15007,
        )
    if verb in ("gl", "get-log"):
        enabled = node.debug_channel_enabled if channel == DEBUG_CHANNEL else True
        return CommandResult(
            output=[f"name: {channel}", f"enabled: {str(enabled).lower()}"], exit_code=0
        )
    quiet = any(sw in ("/q", "/q:true", "/quiet", "/quiet:true") for sw in switches)
    for switch in switches:
        if switch.startswith("/e:") and channel == DEBUG_CHANNEL:
            enable = switch[3:] == "true"
            if enable and not quiet and not node.debug_channel_enabled:
                # wevtutil asks before it enables (and so clears) a debug channel; a remote
                # session has no one to answer, so nothing changes. The documented command
                # passes /q (azure-stack-docs troubleshoot-hci-registration.md:
                # `wevtutil.exe sl /q /e:true Microsoft-AzureStack-HCI/Debug`).
                return CommandResult(output=[texts.WEVTUTIL_CONFIRM], exit_code=0)
            node.debug_channel_enabled = enable
            node.count("wevtutil:sl")
    return CommandResult(exit_code=0)


@handles("Get-Location", reads_only=True)
def get_location(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """A remote session's working directory (its $PWD): the account's Documents folder."""
    return CommandResult(output=[{"Path": WORKING_DIRECTORY, "Drive": "C"}])


def _event(record: Any) -> dict[str, Any]:
    return {
        "TimeCreated": iso(record.time),
        "Id": record.event_id,
        "LevelDisplayName": record.level,
        "ProviderName": record.provider,
        "LogName": record.log,
        "Message": record.message,
    }


@handles("Get-WinEvent", reads_only=True)
def get_win_event(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """-LogName X or -ProviderName P (the events a provider wrote, in whatever log), newest
    first unless -Oldest, at most -MaxEvents."""
    provider = text(command, "ProviderName")
    if provider:
        records = [e for e in node.events if e.provider.lower() == provider.lower()]
        return _events(records, command)
    log = _channel(text(command, "LogName"))
    if log is None:
        return error(
            f'There is not an event log on the localhost computer that matches "{text(command, "LogName")}".',
            "NoMatchingLogsFound,Microsoft.PowerShell.Commands.GetWinEventCommand",
            "ObjectNotFound",
        )
    return _events([e for e in node.events if e.log == log], command)


def _events(records: list[Any], command: Command) -> CommandResult:
    if not flag(command, "Oldest"):
        records = list(reversed(records))
    maximum = command.param("MaxEvents")
    if isinstance(maximum, int):
        records = records[:maximum]
    if not records:
        return error(
            "No events were found that match the specified selection criteria.",
            "NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand",
            "ObjectNotFound",
        )
    return CommandResult(output=[_event(r) for r in records])


def _path_not_found(path: str, cmdlet: str) -> CommandResult:
    return error(
        f"Cannot find path '{path}' because it does not exist.",
        f"PathNotFound,Microsoft.PowerShell.Commands.{cmdlet}",
        "ObjectNotFound",
    )


# -Path takes `*`, `?` and `[...]` as wildcards; -LiteralPath takes the text as it is
# (learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_wildcards;
# PowerShell/PowerShell GetChildrenCommand.cs and ContentCommandBase.cs: Path and LiteralPath).
_WILDCARDS = set("*?[")


def _path_matcher(command: Command) -> tuple[str, Callable[[str], bool]]:
    """The path given (-LiteralPath, else -Path) and how a node path is compared with it."""
    literal = command.param("LiteralPath")
    if literal is not None:
        wanted = str(literal).rstrip("\\").lower()
        return str(literal), lambda path: path.lower() == wanted
    given = text(command, "Path").rstrip("\\")
    if _WILDCARDS & set(given):
        return given, lambda path: fnmatch.fnmatchcase(path.lower(), given.lower())
    return given, lambda path: path.lower() == given.lower()


@handles("Get-ChildItem", reads_only=True)
def get_child_item(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    folder, matches = _path_matcher(command)
    pattern = text(command, "Filter", "*")
    entries = []
    folders_found = False
    for path, f in sorted(node.files.items()):
        parent, _, name = path.rpartition("\\")
        if matches(parent) or any(matches(p) for p in _ancestors(parent)):
            folders_found = True
        if matches(parent) and fnmatch.fnmatch(name.lower(), pattern.lower()):
            entries.append((path, name, f))
    if not folders_found:
        return _path_not_found(folder, "GetChildItemCommand")
    return CommandResult(
        output=[
            {
                "Name": name,
                "FullName": path,
                "Length": len(f.content.encode("utf-8")),
                "LastWriteTime": iso(f.modified),
            }
            for path, name, f in entries
        ]
    )


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("\\")
    return ["\\".join(parts[:i]) for i in range(1, len(parts))]


@handles("Get-Content", reads_only=True)
def get_content(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    path, matches = _path_matcher(command)
    found = next((f for p, f in sorted(node.files.items()) if matches(p)), None)
    if found is None:
        return _path_not_found(path, "GetContentCommand")
    if flag(command, "Raw"):
        return CommandResult(output=[found.content])
    return CommandResult(output=found.content.splitlines())


@handles("Set-Content")
def set_content(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Write a file on the node (e.g. an azcmagent --config file)."""
    path = text(command, "Path")
    value = command.param("Value")
    content = "\n".join(value) if isinstance(value, tuple) else str(value or "")
    node.files[path] = LabFile(content, world.node_time(node))
    node.count("file:write")
    return CommandResult()


@handles("Remove-Item")
def remove_item(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    path = text(command, "LiteralPath") or text(command, "Path")
    found = next((p for p in node.files if p.lower() == path.lower()), None)
    if found is None:
        return _path_not_found(path, "RemoveItemCommand")
    if calls.is_locked(world, node, found):
        return calls.in_use(found)  # a running call's pipeline holds it open
    del node.files[found]
    if calls.imported(world, node, found) is not None:
        calls.forget(world, node, found)  # a one-shot call's marker: bookkeeping, not counted
    else:
        node.count("file:remove")
    return CommandResult()


@handles("Test-NetConnection", reads_only=True)
def test_net_connection(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """A direct TCP probe (no proxy): DNS and TCP outcome, as Test-NetConnection reports them.
    TLS inspection is invisible at this level; Invoke-WebRequest shows it."""
    host = text(command, "ComputerName")
    port = command.param("Port") or 443
    state = node.endpoint_state(host)
    resolved = state != "dns_failure"
    tcp = state in ("ok", "tls_inspection")
    warnings = []
    if not resolved:
        warnings.append(f"Name resolution of {host} failed")
    elif not tcp:
        warnings.append(f"TCP connect to ({fake_ip(host)} : {port}) failed")
    return CommandResult(
        output=[
            {
                "ComputerName": host,
                "RemoteAddress": fake_ip(host) if resolved else None,
                "RemotePort": port,
                "SourceAddress": None,
                "NameResolutionSucceeded": resolved,
                "TcpTestSucceeded": tcp,
            }
        ],
        warnings=warnings,
    )


_WEB_FAILURES = {
    "dns": texts.DNS_NOT_RESOLVED,
    "drop": texts.CONNECT_FAILED,
    "forbidden": "The remote server returned an error: (403) Forbidden.",
    "tls": texts.TLS_TRUST,
}
WEB_RESPONSE_ERROR_ID = (
    "WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand"
)


def _web_request(world: LabWorld, node: LabNode, uri: str, proxy: str) -> str | None:
    """What one `Invoke-WebRequest -Uri <uri> [-Proxy]` from the node ends with: None for a
    200, else the WebException's message (its terminating error, WebRequestPSCmdlet.cs)."""
    host = uri.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    outcome = world.egress(node, host, proxy=proxy)
    if outcome.ok:
        return None
    return _WEB_FAILURES[outcome.failure or "drop"].format(host=host)


@handles("Invoke-WebRequest", reads_only=True)
def invoke_web_request(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    message = _web_request(world, node, text(command, "Uri"), text(command, "Proxy"))
    if message is None:
        return CommandResult(output=[{"StatusCode": 200, "StatusDescription": "OK"}])
    return error(message, WEB_RESPONSE_ERROR_ID, "InvalidOperation")


@handles(HTTPS_PROBES.name, reads_only=True)
def https_probes(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """The tool's script HTTPS_PROBES (transport/scripts.py): Invoke-WebRequest per -Uri, all at
    once on the node, one object per URI in the order given: Uri, StatusCode, and for a failed
    request the exception's Message and the FullyQualifiedErrorId its catch block saw (the
    same id a separate Invoke-WebRequest call's error record carries)."""
    value = command.param("Uri")
    uris = list(value) if isinstance(value, tuple) else ([str(value)] if value else [])
    proxy = text(command, "Proxy")
    answers = []
    for uri in uris:
        message = _web_request(world, node, uri, proxy)
        answers.append(
            {
                "Uri": uri,
                "StatusCode": 200 if message is None else None,
                "Message": message,
                "FullyQualifiedErrorId": None if message is None else WEB_RESPONSE_ERROR_ID,
            }
        )
    return CommandResult(output=answers)


@handles("New-PSSession")
def new_ps_session(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Every command the lab answers arrives through a remote session, so any session opened
    from it (another node, the cluster name, even localhost) is a second hop: it needs the
    caller's credentials delegated to this node (CredSSP, or Kerberos with a forwarded ticket;
    MicrosoftDocs/PowerShell-Docs PS-remoting-second-hop.md). Az.StackHCI opens exactly these
    (stackhci.ps1 @06618c80: `New-PSSession -ComputerName localhost` in Get-SetupLoggingDetails
    and Write-NodeEventLog, `<node>.<cluster DNS suffix>` per node, the cluster's DNS name for
    its clustered scheduled task; Azure/azure-powershell PR #28942 met this denial in 2025).
    The cluster name resolves to the first reachable node (lab: it owns the name resource)."""
    opened, errors = _open_sessions(world, node, _computer_names(command))
    sessions = [
        {
            "Id": index,
            "Name": f"WinRM{index}",
            "ComputerName": name,
            "ComputerType": "RemoteMachine",
            "State": "Opened",
            "ConfigurationName": "Microsoft.PowerShell",
            "Availability": "Available",
        }
        for index, name, _target in opened
    ]
    return CommandResult(output=sessions, errors=errors)


@handles(SESSIONS_OS_INFO.name)
def sessions_os_info(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """The tool's script SESSIONS_OS_INFO (transport/scripts.py): New-PSSession to every
    -ComputerName (the same sessions and the same error records as `new_ps_session`), then
    `Invoke-Command -Session` of `Get-CimInstance -ClassName CIM_OperatingSystem` in each: the
    target's answer, as its own Get-CimInstance gives it, with PSComputerName = the session's
    ComputerName (Invoke-Command.md, about_Remote_Output.md), then every session removed."""
    opened, errors = _open_sessions(world, node, _computer_names(command))
    answers = []
    read = Command.cmdlet("Get-CimInstance", ClassName="CIM_OperatingSystem")
    for _index, name, target in opened:
        for item in get_cim_instance(world, target, read).output:
            answers.append({**item, "PSComputerName": name})
    node.open_sessions = max(0, node.open_sessions - len(opened))  # Remove-PSSession, finally
    return CommandResult(output=answers, errors=errors)


def _computer_names(command: Command) -> list[str]:
    value = command.param("ComputerName")
    return list(value) if isinstance(value, tuple) else [str(value or "localhost")]


def _open_sessions(
    world: LabWorld, node: LabNode, names: list[str]
) -> tuple[list[tuple[int, str, LabNode]], list[ErrorRecord]]:
    """New-PSSession from `node` to each name: (Id, name, target) per session opened, and one
    error record per name it could not open ("[<name>] ...", as PowerShell prefixes them)."""
    opened = []
    errors = []
    hosts = world.hosts()  # once per call, not once per name (issue 16.6)
    for index, name in enumerate(names, start=1):
        target = _session_target(world, node, name, hosts)
        if target is None or not target.reachable:
            message = texts.WINRM_UNREACHABLE.format(host=name)
            errors.append(
                ErrorRecord(
                    f"[{name}] {message}", "WinRMOperationTimeout,PSSessionOpenFailed", "OpenError"
                )
            )
            continue
        if node.delegation is None:
            message = texts.WINRM_ACCESS_DENIED.format(host=name)
            errors.append(
                ErrorRecord(f"[{name}] {message}", "AccessDenied,PSSessionOpenFailed", "OpenError")
            )
            continue
        node.count("pssession")
        node.open_sessions += 1
        opened.append((index, name, target))
    return opened, errors


def _session_target(
    world: LabWorld, node: LabNode, name: str, hosts: dict[str, LabNode]
) -> LabNode | None:
    key = name.lower()
    if key in ("localhost", ".", "127.0.0.1", node.name.lower()):
        return node
    cluster = world.cluster.name.lower()
    if key in (cluster, f"{cluster}.{CLUSTER_DOMAIN}"):
        return next((n for n in world.ordered_nodes() if n.reachable), None)
    suffix = f".{CLUSTER_DOMAIN}"
    short = key[: -len(suffix)] if key.endswith(suffix) else key  # <node>.<cluster DNS suffix>
    return hosts.get(key) or hosts.get(short)


@handles("Remove-PSSession")
def remove_ps_session(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Closing sessions the caller opened (`-Id 1,2`; `open_sessions` shows what is left open)."""
    ids = command.param("Id")
    count = len(ids) if isinstance(ids, tuple) else 1
    node.open_sessions = max(0, node.open_sessions - count)
    return CommandResult()
