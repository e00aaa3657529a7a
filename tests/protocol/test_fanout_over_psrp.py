"""The fan-out probe (issue 16.5) over WS-Management: the tool's fixed script arrives as script
text equal to transport/scripts.py's, every value bound as a named parameter; the emulator
runs no other script text."""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.facts.network import Reach, https_probes
from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command, Script
from orchestrator.transport.scripts import HTTPS_PROBES
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
