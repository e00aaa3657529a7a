"""The CreatePipeline message the psrp transport sends is the one pypsrp's own API builds, byte
for byte, without pypsrp deep-copying every command twice and with the body of a repeated
command serialized once per run; a repeated pipeline state is decoded once
(orchestrator/transport/psrp_pipeline.py; issue 16, the controller's CPU per remote command).

No server: the message is caught where pypsrp hands its first fragment to the shell's Command
request (`WinRS.command`, the WS-Management Command body), from two fresh pools with the same
ids, so the fragment headers match too."""

from __future__ import annotations

import copy
import struct
import uuid
from collections.abc import Callable
from typing import Any

import attrs
import pypsrp.complex_objects
import pypsrp.messages
import pypsrp.powershell
import pytest
from pypsrp.powershell import PowerShell, RunspacePool
from pypsrp.serializer import Serializer
from pypsrp.wsman import WSMan

from orchestrator.transport import psrp_pipeline
from orchestrator.transport.base import Command, Hashtable
from orchestrator.transport.psrp import recording_host
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO
from tests.protocol.pinned import source_digest

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


def create_pipeline(
    build: Callable[[PowerShell, Command], None],
    command: Command,
    bodies: psrp_pipeline.CreatePipelineBodies | None = None,
    ids: tuple[str, str] = (POOL_ID, PIPELINE_ID),
    protocol: str = "2.3",  # what a Windows PowerShell 5.1 node negotiates
) -> str:
    """The first CreatePipeline fragment (base64, as sent) for `command` built by `build`, on a
    fresh pool (keeping bodies in `bodies`, as the transport's pools do, when given)."""
    wsman = WSMan("node1.test", ssl=True, auth="basic", username="u", password="p")
    host, _ui = recording_host()
    pool = RunspacePool(wsman, host=host)
    if bodies is not None:
        psrp_pipeline.keep_bodies(pool, bodies, psrp_pipeline.PipelineStates())
    pool.id = ids[0]
    pool.protocol_version = protocol

    def command_request(_executable: str, arguments: list[str], **_: Any) -> Any:
        raise Sent(arguments[0])

    pool.shell.command = command_request
    ps = PowerShell(pool)
    ps.id = ids[1]
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


OTHER_IDS = ("1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E5F", "9E8D7C6B-5A49-4382-9170-6F5E4D3C2B1A")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_transport_sends_the_create_pipeline_message_pypsrp_builds(shape: str) -> None:
    command = SHAPES[shape]
    bodies = psrp_pipeline.CreatePipelineBodies()

    first = create_pipeline(psrp_pipeline.build, command, bodies)
    # the same command again, on another node's pool: its body kept from the first
    again = create_pipeline(psrp_pipeline.build, command, bodies, OTHER_IDS)

    assert first == create_pipeline(pypsrp_build, command)
    assert again == create_pipeline(pypsrp_build, command, ids=OTHER_IDS)


def test_a_repeated_command_is_serialized_once_and_one_with_a_secret_every_time() -> None:
    bodies = psrp_pipeline.CreatePipelineBodies()
    service = SHAPES["a cmdlet with a string"]
    register = attrs.evolve(
        SHAPES["a one-shot call with its marker (three statements)"], marker=None
    )
    assert register.carries_secrets  # -ArmAccessToken

    for ids in ((POOL_ID, PIPELINE_ID), OTHER_IDS, (PIPELINE_ID, POOL_ID)):
        create_pipeline(psrp_pipeline.build, service, bodies, ids)
    assert bodies.serialized == 1

    for ids in ((POOL_ID, PIPELINE_ID), OTHER_IDS):
        create_pipeline(psrp_pipeline.build, register, bodies, ids)
    # serialized for each use and never kept: the token does not outlive its command here
    assert bodies.serialized == 1
    assert len(bodies) == 1


def test_a_command_serialized_for_another_protocol_version_is_not_reused() -> None:
    bodies = psrp_pipeline.CreatePipelineBodies()
    command = SHAPES["a native tool (two statements)"]
    create_pipeline(psrp_pipeline.build, command, bodies)

    older = create_pipeline(psrp_pipeline.build, command, bodies, protocol="2.2")  # PowerShell 3/4

    assert bodies.serialized == 2
    assert older == create_pipeline(pypsrp_build, command, protocol="2.2")


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
# emits only for objects it registered), the Command that add_cmdlet/add_script make, and
# for the kept bodies what is listed with them below.
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
    # the body cache: where the pool's serializer is made and shared, what a CreatePipeline
    # carries, how a message's header is put around its body (bytes taken as they are)
    "RunspacePool.__init__": RunspacePool.__init__,
    "PowerShell.begin_invoke": PowerShell.begin_invoke,
    "PowerShell._invoke": PowerShell._invoke,
    "Fragmenter.fragment": pypsrp.powershell.Fragmenter.fragment,
    "Message.pack": pypsrp.messages.Message.pack,
    "CreatePipeline.__init__": pypsrp.messages.CreatePipeline.__init__,
    "HostInfo.__init__": pypsrp.complex_objects.HostInfo.__init__,
    "HostInfo._host_data": pypsrp.complex_objects.HostInfo._host_data.fget,
    # the kept states: how a message is decoded, and all pypsrp does with a state; and the
    # primitive values BodyCachingSerializer decodes with Serializer.deserialize's own table
    # (tests/protocol/test_psrp_decoding.py)
    "Message.unpack": pypsrp.messages.Message.unpack,
    "PowerShell._process_pipeline_state": PowerShell._process_pipeline_state,
    "Serializer.deserialize": Serializer.deserialize,
    "Serializer._deserialize_string": Serializer._deserialize_string,
    "Serializer._get_types_from_obj": Serializer._get_types_from_obj,
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
    "RunspacePool.__init__": "9c4a3e725725647c",
    "PowerShell.begin_invoke": "68da9fa51a461fc9",
    "PowerShell._invoke": "42ebd7db5f7dc8b2",
    "Fragmenter.fragment": "82eafe2c6c7f20d1",
    "Message.pack": "f7f2a2b31e76660e",
    "CreatePipeline.__init__": "025991664b414c6f",
    "HostInfo.__init__": "6d2d133a3273a0d7",
    "HostInfo._host_data": "6a81b122ca061805",
    "Message.unpack": "099d87f1442ec191",
    "PowerShell._process_pipeline_state": "6b1a05eb037bca9a",
    "Serializer.deserialize": "7c9d9156c3efbfa6",
    "Serializer._deserialize_string": "7f10ca4a8ddcfd9f",
    "Serializer._get_types_from_obj": "393d59f727ed349c",
}


@pytest.mark.parametrize("name", list(RELIED_ON))
def test_the_pypsrp_code_the_pipeline_relies_on_is_the_code_checked(name: str) -> None:
    digest = source_digest(RELIED_ON[name])

    assert digest == DIGESTS[name], (
        f"pypsrp's {name} changed: check that orchestrator/transport/psrp_pipeline.py still "
        "sends what pypsrp's own add_cmdlet path sends (the tests above), then update DIGESTS"
    )


# PIPELINE_STATE messages (MS-PSRP 2.2.2.21) as a node sends them: Completed, and Failed with
# the exception as an error record
COMPLETED = '<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>'
FAILED = (
    '<Obj RefId="0"><MS><I32 N="PipelineState">3</I32><Obj N="ExceptionAsErrorRecord" RefId="1">'
    '<TN RefId="0"><T>System.Management.Automation.ErrorRecord</T><T>System.Object</T></TN>'
    "<ToString>boom</ToString><MS>"
    '<S N="ErrorCategory_Message">NotSpecified: (:) [], RuntimeException</S>'
    '<I32 N="ErrorCategory_Category">0</I32><S N="FullyQualifiedErrorId">RuntimeException</S>'
    '<B N="SerializeExtendedInfo">false</B></MS></Obj></MS></Obj>'
)


def _state_message(text: str, pipeline_id: str) -> bytes:
    """A PIPELINE_STATE message as it arrives: header (MS-PSRP 2.2.1), then the CLIXML."""
    header = struct.pack("<II", 1, pypsrp.messages.MessageType.PIPELINE_STATE)
    return header + uuid.UUID(POOL_ID).bytes_le + uuid.UUID(pipeline_id).bytes_le + text.encode()


def test_a_repeated_pipeline_state_is_decoded_once_and_one_with_an_error_every_time() -> None:
    states = psrp_pipeline.PipelineStates()
    ours = psrp_pipeline.BodyCachingSerializer(psrp_pipeline.CreatePipelineBodies(), states)
    theirs = Serializer()

    decoded = []
    for text, pipeline_id in [(COMPLETED, PIPELINE_ID), (COMPLETED, OTHER_IDS[1])] * 2:
        message = pypsrp.messages.Message.unpack(_state_message(text, pipeline_id), ours)
        reference = pypsrp.messages.Message.unpack(_state_message(text, pipeline_id), theirs)
        assert (message.pid, message.data.state, message.data.error_record) == (
            reference.pid,
            reference.data.state,
            reference.data.error_record,
        )
        decoded.append(message.data)
    assert states.decoded == 1
    assert all(d is decoded[0] for d in decoded)  # pypsrp only reads it

    for _ in range(2):
        failed = pypsrp.messages.Message.unpack(_state_message(FAILED, PIPELINE_ID), ours).data
        assert (failed.state, failed.error_record.fq_error) == (3, "RuntimeException")
    assert states.decoded == 3  # a state with an error record is never kept
