"""Fixtures for the protocol suite: the lab world served by the emulator on 127.0.0.1 and the
real pypsrp client talking to it. Timeouts are generous: a test never depends on how fast the
emulator answers; a test of a timeout makes the emulator hang (SHORT_READ)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator.inventory.loader import parse_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.lab import LabWorld, world_from_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.psrp import PsrpTransport
from tests.conftest import EXAMPLES, CliResult
from tests.protocol import wire_lab as wire

PASSWORD_ENV = "HCI_LAB_TEST_PASSWORD"
# Generous: no answer of the emulator comes anywhere near these, however loaded the machine
# (the old 1 s read timeout failed tests under load). operation_timeout is how long the
# emulator holds a Receive with nothing to say (a prompt, a long call) before the client asks
# again; it must stay below read_timeout, as the inventory requires.
FAST = {
    "connection_timeout": 30,
    "read_timeout": 30.0,
    "operation_timeout": 0.5,
    "reconnection_backoff": 0,
}
# For a test of the read timeout itself: the emulator hangs the request under test (`Hang`,
# answered only when the test's emulator stops), so this timeout fires for that reason and
# no other; every other request of such a test is answered far within it.
SHORT_READ = {"read_timeout": 3.0, "operation_timeout": 0.5}


def lab_world(example: str = "lab-cluster.yaml") -> LabWorld:
    return world_from_inventory(parse_inventory(yaml.safe_load((EXAMPLES / example).read_text())))


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., LabEmulator]]:
    """Start an emulator for a world (`serve(world, auth=..., tls=...)`); stopped at teardown.
    The lab password is exported under PASSWORD_ENV, as a user would."""
    started: list[LabEmulator] = []

    def start(world: LabWorld | None = None, **options: Any) -> LabEmulator:
        emulator = LabEmulator(world or lab_world(), **options).start()
        started.append(emulator)
        monkeypatch.setenv(PASSWORD_ENV, emulator.credentials.password)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


def inventory_data(emulator: LabEmulator, **connection: Any) -> dict[str, Any]:
    return emulator.inventory(cluster="hci01", password_env=PASSWORD_ENV, **{**FAST, **connection})


def inventory(emulator: LabEmulator, **connection: Any) -> Inventory:
    return parse_inventory(inventory_data(emulator, **connection))


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def transport(emulator: LabEmulator, **connection: Any) -> PsrpTransport:
    return PsrpTransport(inventory(emulator, **connection), warn=lambda _message: None)


@pytest.fixture
def wire_lab(
    serve: Callable[..., LabEmulator],
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., wire.WireLab]]:
    """`wire_lab(scenario=None, nodes=2, is_registered=False, **connection)`: a lab world
    served over WinRM/PSRP and ARM/Graph, with an inventory that reaches both (short timeouts,
    overridden by `connection`)."""
    with ExitStack() as stack:

        def make(
            scenario: str | None = None,
            *,
            nodes: int = 2,
            is_registered: bool = False,
            **connection: Any,
        ) -> wire.WireLab:
            world = wire.lab_world(scenario, nodes=nodes, is_registered=is_registered)
            wsman = serve(world)
            arm = stack.enter_context(ArmEmulator(world, certificates=wsman.tls_files))
            return wire.served(
                world,
                wsman,
                arm,
                password_env=PASSWORD_ENV,
                connection={**FAST, **connection},
                directory=tmp_path,
                cli=orchestrate,
                monkeypatch=monkeypatch,
            )

        yield make
