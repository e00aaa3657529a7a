"""The CreatePipeline message the psrp transport sends is the one pypsrp's own API builds, byte
for byte, without pypsrp deep-copying every command twice (orchestrator/transport/psrp_pipeline.py;
issue 16, the controller's CPU per remote command).

No server: the message is caught where pypsrp hands its first fragment to the shell's Command
request (`WinRS.command`, the WS-Management Command body), from two fresh pools with the same
ids, so the fragment headers match too."""

from __future__ import annotations

import copy
import hashlib
import inspect
from collections.abc import Callable
from typing import Any

import attrs
import pypsrp.complex_objects
import pytest
from pypsrp.powershell import PowerShell, RunspacePool
from pypsrp.serializer import Serializer
from pypsrp.wsman import WSMan

from orchestrator.transport import psrp_pipeline
from orchestrator.transport.base import Command, Hashtable
from orchestrator.transport.psrp import recording_host
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO

POOL_ID = "6B1E2A1C-8C1D-4E0B-9E3A-3F5C2D7A9B10"
PIPELINE_ID = "0F9A8B7C-6D5E-4F3A-8B2C-1D0E9F8A7B6C"


class Sent(Exception):
    """Raised where pypsrp would send the Command request, carrying its first fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__(fragment)
        self.fragment = fragment


def pypsrp_add(ps: PowerShell, step: Command) -> None:
    """The psrp transport's pipeline building before session 6: pypsrp's own add_cmdlet /
    add_script, whose commands pypsrp deep-copies (the reference for the bytes)."""
    if step.script:
        ps.add_script(step.script)
    else:
        ps.add_cmdlet(step.name)
    for name, value in step.parameters:
        if value is None:
            continue
        if value is True:
            ps.add_parameter(name)
        else:
            ps.add_parameter(name, psrp_pipeline._wire(value))
    for argument in step.arguments:
        ps.add_argument(argument)


def pypsrp_build(ps: PowerShell, command: Command) -> None:
    pypsrp_add(ps, command)
    if command.marker:
        pypsrp_add(ps, Command.cmdlet("Export-Clixml", LiteralPath=command.marker, NoClobber=True))
        for after in (
            Command.cmdlet("Import-Clixml", LiteralPath=command.marker),
            Command.cmdlet("Remove-Item", LiteralPath=command.marker),
        ):
            ps.add_statement()
            pypsrp_add(ps, after)
    if command.native:
        ps.add_statement()
        pypsrp_add(ps, psrp_pipeline.EXIT_CODE_PROBE)


def create_pipeline(build: Callable[[PowerShell, Command], None], command: Command) -> str:
    """The first CreatePipeline fragment (base64, as sent) for `command` built by `build`."""
    wsman = WSMan("node1.test", ssl=True, auth="basic", username="u", password="p")
    host, _ui = recording_host()
    pool = RunspacePool(wsman, host=host)
    pool.id = POOL_ID
    pool.protocol_version = "2.3"  # what a Windows PowerShell 5.1 node negotiates

    def command_request(_executable: str, arguments: list[str], **_: Any) -> Any:
        raise Sent(arguments[0])

    pool.shell.command = command_request
    ps = PowerShell(pool)
    ps.id = PIPELINE_ID
    build(ps, command)
    with pytest.raises(Sent) as sent:
        ps.invoke()
    return sent.value.fragment


SHAPES = {
    "a cmdlet alone": Command.cmdlet("Get-AzureStackHCI"),
    "a cmdlet with a string": Command.cmdlet("Get-Service", Name="hcisvc"),
    "a switch, an int, a skipped None": Command.cmdlet(
        "Get-Variable", Name="LASTEXITCODE", ValueOnly=True, Scope=None, Depth=2
    ),
    "a float and False": Command.cmdlet("Test-Thing", Ratio=0.5, Enabled=False),
    "a list": Command.cmdlet("Get-Service", Name=("hcisvc", "himds")),
    "a hashtable": Command.cmdlet(
        "Invoke-RestMethod",
        Uri="http://169.254.169.254/metadata/instance",
        Headers=Hashtable.of({"Metadata": "true", "x-ms-version": "2021-02-01"}),
    ),
    "strings PSRP escapes": Command.cmdlet(
        "Write-Output", InputObject="_x000A_ tab\t bell\x07 snow \u2603 face \U0001f600 _X"
    ),
    "a native tool (two statements)": Command.tool("sc.exe", "query", "hcisvc"),
    "a one-shot call with its marker (three statements)": attrs.evolve(
        Command.cmdlet(
            "Register-AzStackHCI",
            SubscriptionId="00000000-0000-0000-0000-000000000001",
            Region="eastus",
            ArmAccessToken="not-a-real-token",
            Confirm=False,
        ),
        marker=r"C:\Windows\Temp\hci-orchestrator\register.marker",
    ),
    "a fixed script with a list": Command.script_block(
        HTTPS_PROBES, Uris=("https://login.microsoftonline.com", "https://management.azure.com")
    ),
    "the double-hop script": Command.script_block(
        SESSIONS_OS_INFO, ComputerName=("localhost", "hci01", "node2.hci.test")
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_transport_sends_the_create_pipeline_message_pypsrp_builds(shape: str) -> None:
    command = SHAPES[shape]

    ours = create_pipeline(psrp_pipeline.build, command)

    assert ours == create_pipeline(pypsrp_build, command)


def test_pypsrp_copies_no_command_to_serialize_the_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copies: list[str] = []

    def counted(value: Any, memo: Any = None) -> Any:
        made = copy.deepcopy(value, memo)
        if made is not value:
            copies.append(type(value).__name__)
        return made

    # pypsrp's Pipeline._get_statements calls the name it imported (`from copy import deepcopy`)
    monkeypatch.setattr(pypsrp.complex_objects, "deepcopy", counted)
    command = Command.tool("sc.exe", "query", "hcisvc")  # two statements: Cmds and ExtraCmds

    create_pipeline(pypsrp_build, command)
    assert copies == ["Command"] * 4  # pypsrp's own path: each command, twice
    copies.clear()

    create_pipeline(psrp_pipeline.build, command)
    assert copies == []


# The pypsrp code the byte equality above rests on (pypsrp 0.9.1): the deep copy and how its
# result is used, the serializer's walk over a command (the "*" tag it resolves, the Ref it
# emits only for objects it registered), and the Command that add_cmdlet/add_script make.
# A pypsrp release that changes any of them must be looked at again: run the equality test,
# read the change, then update the digest here.
RELIED_ON = {
    "Pipeline._get_statements": pypsrp.complex_objects.Pipeline._get_statements,
    "Pipeline._cmds": pypsrp.complex_objects.Pipeline._cmds.fget,
    "Pipeline._extra_cmds": pypsrp.complex_objects.Pipeline._extra_cmds.fget,
    "Serializer.serialize": Serializer.serialize,
    "Serializer._serialize_obj": Serializer._serialize_obj,
    "Serializer._create_obj": Serializer._create_obj,
    "Serializer._serialize_lst": Serializer._serialize_lst,
    "Serializer._serialize_dct": Serializer._serialize_dct,
    "PowerShell.add_cmdlet": PowerShell.add_cmdlet,
    "PowerShell.add_script": PowerShell.add_script,
    "PowerShell.add_command": PowerShell.add_command,
}
DIGESTS = {
    "Pipeline._get_statements": "048c073caa2a886a",
    "Pipeline._cmds": "f9d673eb8bb2ff03",
    "Pipeline._extra_cmds": "8ef2dd2187d749e4",
    "Serializer.serialize": "71e15c54e331f3e2",
    "Serializer._serialize_obj": "9f2ac2ccf1ee9cb3",
    "Serializer._create_obj": "620c73b92f9a5175",
    "Serializer._serialize_lst": "45949606123b3edf",
    "Serializer._serialize_dct": "99eee28ef3c31420",
    "PowerShell.add_cmdlet": "635ef9ef0d43f430",
    "PowerShell.add_script": "6b4891302e9196d9",
    "PowerShell.add_command": "8d6c5418ed60e258",
}


@pytest.mark.parametrize("name", list(RELIED_ON))
def test_the_pypsrp_code_the_pipeline_relies_on_is_the_code_checked(name: str) -> None:
    source = inspect.getsource(RELIED_ON[name])
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]

    assert digest == DIGESTS[name], (
        f"pypsrp's {name} changed: check that orchestrator/transport/psrp_pipeline.py still "
        "sends what pypsrp's own add_cmdlet path sends (the tests above), then update DIGESTS"
    )
