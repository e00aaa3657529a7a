"""A tool Command as the pypsrp pipeline that carries it (the CreatePipeline message's commands).

Built only structurally: a cmdlet (or one of the tool's fixed scripts, transport/scripts.py)
with named parameters and positional arguments, never script text made from data
(docs/psrp.md "How commands travel").

Why the commands are `SentCommand`s and not what `PowerShell.add_cmdlet` makes: pypsrp 0.9.1
deep-copies every command of a pipeline twice while it serializes CreatePipeline
(jborean93/pypsrp `src/pypsrp/complex_objects.py` v0.9.1, `Pipeline._get_statements`, called
once for `Cmds` and once for `ExtraCmds`): about 620 `copy.deepcopy` calls for one
`Get-Service -Name hcisvc`, 8% of the controller's CPU per remote command (bench/README.md,
session 6). The copy's own comment gives its reason: "in lxml [appending a value to a second
parent] removes it from the original parent". pypsrp 0.9 serializes with xml.etree, building
new elements from the objects (`serializer.Serializer._serialize_obj`), so the copies are only
read. A `SentCommand` is built for one invocation and dropped after it, so it hands itself
out as its copy (`__deepcopy__`, Python's copy protocol) and pypsrp serializes the same
message: tests/protocol/test_psrp_pipeline.py compares the bytes with pypsrp's own
`add_cmdlet` path for every shape `build` makes, and pins the pypsrp functions this relies on.
"""

from __future__ import annotations

from typing import Any

from pypsrp.complex_objects import Command as PsrpCommand
from pypsrp.powershell import PowerShell

from orchestrator.transport.base import Command, Hashtable, ParamValue

# The statement appended to a native tool's pipeline; its output is the tool's exit code.
EXIT_CODE_PROBE = Command.cmdlet("Get-Variable", Name="LASTEXITCODE", ValueOnly=True)


class SentCommand(PsrpCommand):
    """A pypsrp Command that is its own deep copy (see the module doc)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SentCommand:
        # Serializing twice reads the same values: the only state serialization changes is a
        # parameter's value metadata, tag "*" resolved to the value's tag (Serializer.serialize),
        # which the second pass reads back unchanged for the plain values `_wire` gives.
        return self


def _wire(value: ParamValue) -> Any:
    """A parameter value as pypsrp serializes it: a list for a tuple, a dict (Hashtable) for a
    Hashtable."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Hashtable):
        return value.as_dict()
    return value


def add(ps: PowerShell, step: Command) -> None:
    """`step` as the pipeline's next command. The SentCommand is made as pypsrp's
    `add_cmdlet` / `add_script` make theirs (powershell.py v0.9.1: the pool's protocol
    version, `is_script`, no local scope)."""
    ps.add_command(
        SentCommand(
            step.script or step.name,
            protocol_version=ps.runspace_pool.protocol_version or "",
            # one of the tool's fixed scripts (transport/scripts.py): constant text; its
            # values are bound to its param() block below, like a cmdlet's
            is_script=bool(step.script),
            use_local_scope=None,
        )
    )
    for name, value in step.parameters:
        if value is None:
            continue
        if value is True:
            ps.add_parameter(name)  # a switch: present, no value
        else:
            ps.add_parameter(name, _wire(value))
    for argument in step.arguments:
        ps.add_argument(argument)


def build(ps: PowerShell, command: Command) -> None:
    """The whole pipeline of `command`: its statement, then what the tool adds around it."""
    add(ps, command)
    if command.marker:
        # steps/one_shot.py: piped (same statement), so the marker is open while the call
        # runs; then the output is read back and the marker removed.
        add(ps, Command.cmdlet("Export-Clixml", LiteralPath=command.marker, NoClobber=True))
        for after in (
            Command.cmdlet("Import-Clixml", LiteralPath=command.marker),
            Command.cmdlet("Remove-Item", LiteralPath=command.marker),
        ):
            ps.add_statement()
            add(ps, after)
    if command.native:
        ps.add_statement()  # a new statement, not a pipe into the probe
        add(ps, EXIT_CODE_PROBE)
