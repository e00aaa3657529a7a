"""Gather a node's troubleshooting evidence into a staging folder on the controller.

Sources (SCENARIOS.md E1-E3): the registration logs `RegisterHCI_*.log` / `UnregisterHCI_*.log`
(seeds/000; written where the cmdlet ran, facts §1.7), the `Microsoft-AzureStack-HCI/Debug`
and `/Admin` channels read with `Get-WinEvent -Oldest` (seeds/000), and the Arc agent's
`azcmagent.log` (seeds/002: `%ProgramData%\\AzureConnectedMachineAgent\\Log\\azcmagent.log`).
Everything collected is passed through the catalog's `redact()` before it touches the disk.

The debug channel is changed only when the run asks (`enable_debug_channel`), and only for the
collection: a marker in the node's staging folder records that this run enabled it, so the
restore step (and a resumed run) puts it back to disabled, and a channel that was already
enabled is left as it was.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from orchestrator.archive import member_name
from orchestrator.catalog import redact
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import run_checked
from orchestrator.facts.registration_log import REGISTRATION_SOURCE, registration_log_dirs
from orchestrator.steps.eventlog import set_event_channel
from orchestrator.steps.verb_constants import DEBUG_CHANNEL
from orchestrator.transport.base import Command

ADMIN_CHANNEL = "Microsoft-AzureStack-HCI/Admin"
REGISTRATION_LOG_PATTERNS = ("RegisterHCI_*.log", "UnregisterHCI_*.log")
AZCMAGENT_LOG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"

MARKER = ".debug-channel"  # "enabled-by-run" | "restored"
COLLECTED = ".collected"
SOURCES = "sources.json"


def node_folder(ctx: StepContext) -> Path:
    staging = ctx.option("staging_dir")
    if not staging:
        raise RemoteCommandError(ctx.node, "collect-logs", "the run has no staging folder")
    return Path(str(staging)) / ctx.node


def _marker(ctx: StepContext) -> str | None:
    path = node_folder(ctx) / MARKER
    return path.read_text().strip() if path.is_file() else None


def _set_marker(ctx: StepContext, value: str) -> None:
    folder = node_folder(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(value)


def channel_enabled(ctx: StepContext, channel: str = DEBUG_CHANNEL) -> bool:
    result = run_checked(ctx.session, Command.tool("wevtutil.exe", "gl", channel))
    for line in result.output:
        key, _, value = str(line).partition(":")
        if key.strip().lower() == "enabled":
            return value.strip().lower() == "true"
    raise RemoteCommandError(ctx.node, f"wevtutil.exe gl {channel}", "no 'enabled:' line")


def _set_channel(ctx: StepContext, enabled: bool) -> None:
    set_event_channel(ctx.session, DEBUG_CHANNEL, enabled=enabled)


@attrs.frozen
class EnableDebugChannelForCollection:
    id: str = "enable_debug_channel"
    version: int = 1
    title: str = f"{DEBUG_CHANNEL} enabled for the collection only"

    def check(self, ctx: StepContext) -> Change:
        if not ctx.option("enable_debug_channel"):
            return Change.no_op("not requested (--enable-debug-channel)")
        if _marker(ctx) is not None:
            return Change.no_op("enabled by this run", current="enabled")
        if channel_enabled(ctx):
            return Change.no_op("already enabled; left as it is", current="enabled")
        window = float(ctx.option("debug_window_s", 0) or 0)
        return Change.change(
            "disabled",
            "enabled (transient)",
            f"TRANSIENT: enabled for {window:g} s of capture, then restored to disabled "
            "by restore_debug_channel",
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        _set_marker(ctx, "enabled-by-run")  # first, so a crash right after still restores
        _set_channel(ctx, True)
        window = float(ctx.option("debug_window_s", 0) or 0)
        if window > 0:
            ctx.run.sleep(window)  # hcisvc writes its debug lines meanwhile


def encode_log_dirs(folders: Sequence[str]) -> str:
    """The `log_dirs` run option: a JSON list (a folder name may hold `;` or `,`)."""
    return json.dumps(list(folders))


def _decode_log_dirs(value: object) -> list[str]:
    try:
        folders = json.loads(str(value or "[]"))
    except ValueError:
        return []
    return [str(f) for f in folders if f] if isinstance(folders, list) else []


@attrs.frozen
class CollectEvidence:
    """Read-only on the node; the change is the node's folder in the archive on the controller.

    Paths go to `-LiteralPath`, never `-Path`: `-Path` takes `[`, `]`, `*` and `?` as wildcards
    (a folder `Logs[1]` would match `Logs1`); `-LiteralPath` uses the text as it is
    (Get-ChildItem's LiteralItems parameter set, with -Filter: learn.microsoft.com/powershell/
    module/microsoft.powershell.management/get-childitem; PowerShell/PowerShell
    src/Microsoft.PowerShell.Commands.Management/commands/management/GetChildrenCommand.cs and
    ContentCommandBase.cs, the LiteralPath parameters). A file name a node reports becomes a
    safe, unique member name (`archive.member_name`); one that cannot be stored is listed with
    the reason, and the node's collection goes on."""

    id: str = "collect_evidence"
    version: int = 2  # 2: -LiteralPath, log_dirs as a JSON list, safe unique member names
    title: str = "registration logs, HCI event channels and azcmagent.log collected"

    def _log_dirs(self, ctx: StepContext) -> list[str]:
        """The module's own folders (facts/registration_log.py: Get-AzStackHCILogsDirectory,
        the default, the session's working directory) and any the run names."""
        return [*registration_log_dirs(ctx.session), *_decode_log_dirs(ctx.option("log_dirs"))]

    def _registration_logs(self, ctx: StepContext) -> list[str]:
        found: list[str] = []
        for folder in self._log_dirs(ctx):
            for pattern in REGISTRATION_LOG_PATTERNS:
                listing = ctx.session.run(
                    Command.cmdlet("Get-ChildItem", LiteralPath=folder, Filter=pattern)
                )
                if listing.failed:
                    continue  # no such folder on this node
                found += [
                    str(i["FullName"])
                    for i in listing.output
                    if isinstance(i, dict) and i.get("FullName")
                ]
        return found

    def check(self, ctx: StepContext) -> Change:
        done = node_folder(ctx) / COLLECTED
        if done.is_file():
            return Change.no_op("collected", current=done.read_text().strip())
        logs = self._registration_logs(ctx)
        return Change.change(
            "not collected",
            f"{len(logs)} registration log(s), 2 event channels, HCI Registration events, "
            "azcmagent.log",
            "read-only on the node; copied (secrets redacted) into the archive",
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        folder = node_folder(ctx)
        folder.mkdir(parents=True, exist_ok=True)
        sources: list[dict[str, Any]] = []

        def keep(
            source: str, remote: str, relative: str, text: str | None, error: str = ""
        ) -> None:
            entry: dict[str, Any] = {"source": source, "path": remote, "file": None}
            if text is not None:
                target = folder / relative
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(redact(text), encoding="utf-8")
                    entry["file"] = f"{ctx.node}/{relative}"
                except OSError as failure:  # never fail the node for one file
                    error = f"not stored: {failure.strerror or failure.__class__.__name__}"
            if error:
                entry["error"] = redact(error)
            sources.append(entry)

        names: set[str] = set()
        for path in self._registration_logs(ctx):
            text, error = self._read(ctx, path)
            keep("registration-log", path, f"registration/{member_name(path, names)}", text, error)
        for channel in (DEBUG_CHANNEL, ADMIN_CHANNEL):
            text, error = self._events(ctx, channel)
            name = channel.replace("/", "-")  # our own constants: safe as they are
            keep("event-channel", channel, f"events/{name}.txt", text, error)
        # Az.StackHCI's own events in the Application log (9009 parameters, 9001-9008, 91xx:
        # stackhci.ps1 Write-NodeEventLog, source "HCI Registration").
        text, error = self._events(ctx, REGISTRATION_SOURCE, provider=True)
        keep("event-source", REGISTRATION_SOURCE, "events/HCI-Registration.txt", text, error)
        text, error = self._read(ctx, AZCMAGENT_LOG)
        keep("arc-agent-log", AZCMAGENT_LOG, "arc/azcmagent.log", text, error)
        (folder / SOURCES).write_text(json.dumps(sources, indent=1))
        collected = sum(1 for s in sources if s["file"])
        (folder / COLLECTED).write_text(f"{collected} file(s)")

    def _read(self, ctx: StepContext, path: str) -> tuple[str | None, str]:
        result = ctx.session.run(Command.cmdlet("Get-Content", LiteralPath=path, Raw=True))
        if result.failed:
            return None, result.errors[0].message if result.errors else "not readable"
        return "".join(str(line) for line in result.output), ""

    def _events(
        self, ctx: StepContext, channel: str, *, provider: bool = False
    ) -> tuple[str | None, str]:
        selector = {"ProviderName": channel} if provider else {"LogName": channel}
        result = ctx.session.run(Command.cmdlet("Get-WinEvent", Oldest=True, **selector))
        if result.failed:
            first = result.errors[0] if result.errors else None
            if first and (first.fully_qualified_error_id or "").startswith("NoMatchingEvents"):
                return "", ""  # an empty channel is evidence too
            return None, first.message if first else "not readable"
        lines = [
            f"{e.get('TimeCreated')} {e.get('LevelDisplayName')} {e.get('Id')} "
            f"{e.get('ProviderName')}: {e.get('Message')}"
            for e in result.output
            if isinstance(e, dict)
        ]
        return "\n".join(lines) + "\n", ""


@attrs.frozen
class RestoreDebugChannel:
    id: str = "restore_debug_channel"
    version: int = 1
    title: str = f"{DEBUG_CHANNEL} back to its previous setting"

    def check(self, ctx: StepContext) -> Change:
        marker = _marker(ctx)
        if marker == "restored" or not ctx.option("enable_debug_channel"):
            return Change.no_op("nothing to restore", current=None)
        if marker == "enabled-by-run":
            if channel_enabled(ctx):
                return Change.change("enabled (by this run)", "disabled", "restore")
            return Change.no_op("already disabled", current="disabled")
        if channel_enabled(ctx):
            return Change.no_op("was enabled before this run; left enabled", current="enabled")
        # Planning: the enable step has not run yet; this is the restore it will need.
        return Change.change("enabled (by this run)", "disabled", "restore the previous setting")

    def apply(self, ctx: StepContext, change: Change) -> None:
        _set_channel(ctx, False)
        _set_marker(ctx, "restored")
