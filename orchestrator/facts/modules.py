"""Installed PowerShell modules on a node (`Get-InstalledModule`)."""

from __future__ import annotations

from orchestrator.transport.base import Command, NodeSession


def installed_module_version(session: NodeSession, name: str) -> str | None:
    """The installed version of module `name`, or None when it is not installed."""
    result = session.run(Command.cmdlet("Get-InstalledModule", Name=name))
    if result.failed or not isinstance(result.first, dict):
        return None
    version = result.first.get("Version")
    return str(version) if version else None


def version_tuple(version: str | None) -> tuple[int, ...]:
    """'1.4.1' -> (1, 4, 1); anything unparsable counts as 0 so it compares as old."""
    return tuple(int(p) if p.isdigit() else 0 for p in (version or "0").split("."))
