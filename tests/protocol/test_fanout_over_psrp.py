"""The fan-out probe (issue 16.5) over WS-Management: the tool's fixed script arrives as script
text equal to transport/scripts.py's, every value bound as a named parameter; the emulator
runs no other script text."""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.facts.network import Reach, https_probes
from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command, Script
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO
from tests.protocol.conftest import transport


def test_over_the_wire_the_script_arrives_as_fixed_text_with_named_parameters(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")

    probes = https_probes(session, ["management.azure.com", "login.microsoftonline.com"])

    assert [p.reach for p in probes] == [Reach.OK, Reach.OK]
    (sent,) = [c for c in emulator.endpoint("node1").commands if c.name == HTTPS_PROBES.name]
    assert sent.script == HTTPS_PROBES.text
    assert sent.param("Uri") == (
        "https://management.azure.com",
        "https://login.microsoftonline.com",
    )


def test_over_the_wire_any_other_script_text_is_refused(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")
    tampered = Script(HTTPS_PROBES.name, HTTPS_PROBES.text + "\nRemove-Item C:\\ -Recurse")

    result = session.run(Command.script_block(tampered, Uri=("https://x",)))

    assert result.failed
    assert result.errors[0].fully_qualified_error_id == "ScriptNotSupported"


def test_over_the_wire_the_entry_probe_reads_each_nodes_os_in_its_session(
    serve: Callable[..., LabEmulator],
) -> None:
    """SESSIONS_OS_INFO (issue 16: the double hop and the release guard's reads in one call):
    fixed text, -ComputerName bound by name; every answer arrives as a property bag with the
    PSComputerName it came from, each failure with New-PSSession's own error id."""
    emulator = serve()
    session = transport(emulator).open("node1")
    names = ("localhost", "node2.contoso.local", "nowhere.contoso.local")

    result = session.run(Command.script_block(SESSIONS_OS_INFO, ComputerName=names))

    (sent,) = [c for c in emulator.endpoint("node1").commands if c.name == SESSIONS_OS_INFO.name]
    assert sent.script == SESSIONS_OS_INFO.text
    assert sent.param("ComputerName") == names
    assert [(o["PSComputerName"], o["CSName"]) for o in result.output] == [
        ("localhost", "NODE1"),
        ("node2.contoso.local", "NODE2"),
    ]
    assert all(str(o["BuildNumber"]).isdigit() for o in result.output)
    assert [e.fully_qualified_error_id for e in result.errors] == [
        "WinRMOperationTimeout,PSSessionOpenFailed"
    ]
    assert result.errors[0].message.startswith("[nowhere.contoso.local] ")
