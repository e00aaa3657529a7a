"""The cmdlets a one-shot call's pipeline uses around its marker (lab/calls.py):
`New-Item -ItemType Directory` for the marker folder, `Import-Clixml` to read a finished call's
output back. Remove-Item of a marker in use is refused in surface_diagnostics."""

from __future__ import annotations

from orchestrator.lab import calls
from orchestrator.lab.handlers import error, handles, text
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult


@handles("New-Item")
def new_item(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    """Folders only (the lab's file system has files; folders exist when named)."""
    path = text(command, "Path") or text(command, "LiteralPath")
    if text(command, "ItemType").lower() != "directory":
        return error(
            f"The lab creates folders only with New-Item, not '{path}'.",
            "NotSupported,Microsoft.PowerShell.Commands.NewItemCommand",
            "NotImplemented",
        )
    return CommandResult(output=[{"FullName": path, "Name": path.rsplit("\\", 1)[-1]}])


@handles("Import-Clixml", reads_only=True)
def import_clixml(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    path = text(command, "LiteralPath") or text(command, "Path")
    finished = calls.imported(world, node, path)
    if finished is not None:
        return CommandResult(output=finished.output)
    if any(p.lower() == path.lower() for p in node.files):
        return CommandResult()  # a marker whose call wrote nothing
    return error(
        f"Could not find file '{path}'.",
        "System.IO.FileNotFoundException,Microsoft.PowerShell.Commands.ImportClixmlCommand",
        "NotSpecified",
    )
