"""Where Register-/Unregister-AzStackHCI logged, and the lines of its latest attempt.

stackhci.ps1 @06618c80 (Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom):

- Setup-Logging writes `<prefix>_yyyyMMdd-HHmm.log` (prefix RegisterHCI / UnregisterHCI) into
  the folder the cluster's ArcRegistrationTask records while it is registered, else
  `-LogsDirectory`, else `$defaultLogsDirectory` =
  %ProgramData%\\AzureStackHCI\\Registration (2.2.0, ChangeLog). Before 2.2.0 the file went to
  the working directory of the session the cmdlet ran in (azure-stack-docs
  troubleshoot-hci-registration.md). `Get-AzStackHCILogsDirectory` (2.2.0+) prints the recorded
  folder, or the working directory, as "HCI Registration Logs directory path: <folder>".
- An attempt is marked by event 9009 in the Application log (source "HCI Registration"), whose
  message Print-FunctionParameters starts with "Parameters for <cmdlet> are:"; the log file
  itself has no per-attempt header, and attempts within one minute append to one file.

So the latest attempt is: the newest 9009 for the cmdlet, the newest log file of its prefix
named no later than that minute, and its lines stamped from that 9009 on (the few lines
Setup-Logging's neighbours write in the seconds before it, such as a newer-module warning, are
left out rather than mixing in an earlier attempt of the same minute).
"""

from __future__ import annotations

from datetime import datetime

from orchestrator.transport.base import Command, NodeSession

REGISTRATION_LOG_DIR = "C:\\ProgramData\\AzureStackHCI\\Registration"
LOGS_DIRECTORY_LINE = "HCI Registration Logs directory path:"
APPLICATION_LOG = "Application"
REGISTRATION_SOURCE = "HCI Registration"
PARAMETERS_EVENT = 9009
PREFIXES = {"Register-AzStackHCI": "RegisterHCI", "Unregister-AzStackHCI": "UnregisterHCI"}


def registration_log_dirs(session: NodeSession) -> list[str]:
    """Every folder the module may have logged to on this node: what Get-AzStackHCILogsDirectory
    reports (absent before 2.2.0), the default folder, and this session's working directory."""
    found: list[str] = []
    reported = session.run(Command.cmdlet("Get-AzStackHCILogsDirectory"))
    if not reported.errors:
        for line in reported.output:
            text = str(line)
            if text.startswith(LOGS_DIRECTORY_LINE):
                found.append(text[len(LOGS_DIRECTORY_LINE) :].strip())
    found.append(REGISTRATION_LOG_DIR)
    here = session.run(Command.cmdlet("Get-Location"))
    if not here.errors and isinstance(here.first, dict) and here.first.get("Path"):
        found.append(str(here.first["Path"]))
    unique: list[str] = []
    for folder in found:
        if folder and folder.rstrip("\\").lower() not in (u.rstrip("\\").lower() for u in unique):
            unique.append(folder)
    return unique


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def attempt_times(session: NodeSession, cmdlet: str) -> list[datetime]:
    """When each attempt of `cmdlet` started (its 9009 events), oldest first."""
    result = session.run(
        Command.cmdlet("Get-WinEvent", ProviderName=REGISTRATION_SOURCE, Oldest=True)
    )
    if result.errors:
        return []  # NoMatchingEventsFound: never ran here
    marker = f"Parameters for {cmdlet} are:"
    times = [
        _when(e.get("TimeCreated"))
        for e in result.output
        if isinstance(e, dict)
        and e.get("Id") == PARAMETERS_EVENT
        and str(e.get("Message", "")).startswith(marker)
    ]
    return [t for t in times if t is not None]


def _stamp(line: str) -> datetime | None:
    # Write-Log: "yyyy/MM/dd HH:mm:ss , LEVEL , message"
    try:
        return datetime.strptime(line.split(" , ", 1)[0], "%Y/%m/%d %H:%M:%S")
    except ValueError:
        return None


def last_attempt_lines(session: NodeSession, cmdlet: str = "Register-AzStackHCI") -> list[str]:
    """The log lines of the latest attempt; empty when there is no log (or it cannot be read)."""
    prefix = PREFIXES[cmdlet]
    starts = attempt_times(session, cmdlet)
    files: list[dict[str, object]] = []
    for folder in registration_log_dirs(session):
        listing = session.run(
            # -LiteralPath: a folder the node reports may hold [ ] (wildcards for -Path)
            Command.cmdlet("Get-ChildItem", LiteralPath=folder, Filter=f"{prefix}_*.log")
        )
        if not listing.errors:
            files += [f for f in listing.output if isinstance(f, dict) and f.get("FullName")]
    if starts:
        minute = f"{prefix}_{starts[-1]:%Y%m%d-%H%M}.log"
        files = [f for f in files if str(f.get("Name")) <= minute]
    if not files:
        return []
    # yyyyMMdd-HHmm in the name sorts in time order
    latest = max(files, key=lambda f: str(f.get("Name")))
    content = session.run(Command.cmdlet("Get-Content", LiteralPath=str(latest["FullName"])))
    if content.errors:
        return []
    lines = [str(line) for line in content.output]
    if not starts:
        return lines
    # Both clocks are the node's local wall time (an event's TimeCreated carries its offset).
    began = starts[-1].replace(tzinfo=None, microsecond=0)
    return [line for line in lines if (_stamp(line) or datetime.max) >= began]
