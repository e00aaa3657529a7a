"""What a command looks like on the wire and what callers get back from the psrp transport."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.lab.emulator import LabEmulator, cluster
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command, CommandResult
from tests.protocol.conftest import lab_world, transport


def test_native_tool_runs_as_a_command_and_its_exit_code_is_read_structurally(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")

    missing = session.run(Command.tool("sc.exe", "query", "nosuchsvc"))
    present = session.run(Command.tool("sc.exe", "query", "hcisvc"))

    assert missing.exit_code == 1060
    assert missing.failed
    assert "FAILED 1060:" in missing.output[0]
    assert present.exit_code == 0
    assert not present.failed
    assert "RUNNING" in present.output[2]
    # On the wire: the tool with positional arguments, then a second statement reading
    # $LASTEXITCODE; no script text anywhere.
    sc, probe = emulator.endpoint("node1").commands[:2]
    assert sc == Command.tool("sc.exe", "query", "nosuchsvc")
    assert probe == Command.cmdlet("Get-Variable", Name="LASTEXITCODE", ValueOnly=True)


def test_a_tool_that_is_not_there_reports_only_that(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    result = transport(emulator).open("node1").run(Command.tool("nosuch.exe", "/query"))

    assert result.failed
    assert result.exit_code is None
    # The exit-code probe's own "no such variable" is noise next to the real error.
    assert [e.fully_qualified_error_id for e in result.errors] == ["CommandNotFoundException"]


def test_error_records_keep_message_id_and_category(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")

    result = session.run(Command.cmdlet("Get-Service", Name="nosuchsvc"))

    assert result.failed
    assert result.output == ()
    (error,) = result.errors
    assert error.message == "Cannot find any service with service name 'nosuchsvc'."
    assert error.fully_qualified_error_id == (
        "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand"
    )
    assert error.category == "ObjectNotFound"


def test_objects_arrive_as_the_same_plain_shapes_as_in_the_lab(
    serve: Callable[..., LabEmulator],
) -> None:
    world = lab_world()
    emulator = serve(world)
    session = transport(emulator).open("node2")

    service = session.run(Command.cmdlet("Get-Service", Name="himds")).first
    os_info = session.run(Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem"))

    assert service == {
        "Name": "himds",
        "DisplayName": "Azure Hybrid Instance Metadata Service",
        "Status": "Running",  # a ServiceControllerStatus enum on the wire
        "StartType": "Automatic",
    }
    assert os_info.first["CSName"] == "NODE2"
    assert os_info.first["BuildNumber"] == world.node("node2").os_build


def test_switch_parameters_travel_as_switches(serve: Callable[..., LabEmulator]) -> None:
    world = lab_world("lab-faults.yaml")  # node2's hcisvc is stopped
    emulator = serve(world)
    session = transport(emulator).open("node2")

    result = session.run(Command.cmdlet("Start-Service", Name="hcisvc", PassThru=True))

    assert result.first["Status"] == "Running"
    assert emulator.endpoint("node2").commands[-1].param("PassThru") is True


def test_unknown_command_fails_with_powershells_error(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    result = transport(emulator).open("node1").run(Command.cmdlet("Get-Nothing"))

    assert result.failed
    assert result.errors[0].fully_qualified_error_id == "CommandNotFoundException"


def test_every_finished_pipeline_is_released_before_the_next(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")
    for _ in range(3):
        session.run(Command.cmdlet("Get-Date", Format="o"))
    session.close()

    actions = emulator.endpoint("node1").actions
    assert actions.count("Command") == 3
    assert actions.count("Signal") == 3  # Terminate after each pipeline (Ansible's hygiene)
    assert actions[0] == "Create"
    assert actions[-1] == "Delete"


def test_a_crashing_lab_handler_fails_only_its_pipeline(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    def get_date_is_broken(
        world: object, node: object, command: Command, host: object = None
    ) -> CommandResult:
        if command.name == "Get-Date":
            raise RuntimeError("bug in a handler")
        return dispatch(world, node, command, host)  # type: ignore[arg-type]

    monkeypatch.setattr(cluster, "dispatch", get_date_is_broken)
    emulator = serve()
    session = transport(emulator).open("node1")

    result = session.run(Command.cmdlet("Get-Date", Format="o"))

    assert result.failed
    assert result.errors[0].fully_qualified_error_id == "LabHandlerError"
    assert "bug in a handler" in result.errors[0].message
    assert not session.run(Command.cmdlet("Get-Service", Name="hcisvc")).failed
