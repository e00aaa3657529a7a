"""Helpers for tests of the real ARM/Graph client against the lab's ARM emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import attrs
import pytest

from orchestrator.azure.control_plane import ArmControlPlane
from orchestrator.inventory.loader import parse_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.lab import LabWorld, world_from_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.ca import LabCertificates
from orchestrator.lab.control_plane import LabControlPlane
from orchestrator.lab.scenarios import SCENARIOS, registered
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.factory import Connector
from tests.azure.fake_arm import RecordingTransport
from tests.conftest import base_inventory

TOKEN_ENV = "HCI_TEST_ARM_TOKEN"


def lab_inventory() -> Inventory:
    return parse_inventory(base_inventory())  # examples/lab-cluster.yaml


def lab_world(scenario: str | None = None, *, is_registered: bool = False) -> LabWorld:
    """The example lab (seed 7, so two calls give identical worlds), optionally registered."""
    world = world_from_inventory(lab_inventory())
    if is_registered:
        registered(world)
    if scenario:
        SCENARIOS[scenario].apply(world)
    return world


@attrs.frozen
class OverHttps:
    """One world served by the emulator, and the real client talking to it."""

    world: LabWorld
    emulator: ArmEmulator
    plane: ArmControlPlane
    transport: RecordingTransport  # records Retry-After/back-off instead of sleeping

    def connector(self) -> Connector:
        """What the pre-checks take: the run's Azure is the real client on the emulator."""
        return _connector(self.world, lambda: self.plane, self.emulator)

    def lab_connector(self) -> Connector:
        """The same world through the in-process LabControlPlane."""
        return _connector(self.world, lambda: LabControlPlane(self.world), self.emulator)


def _connector(world: LabWorld, plane: Callable[[], object], emulator: ArmEmulator) -> Connector:
    inventory = attrs.evolve(lab_inventory(), azure=emulator.target(TOKEN_ENV))
    return Connector(
        LabTransport(world), world.clock.now, world, inventory=inventory, azure_factory=plane
    )


@contextmanager
def over_https(
    world: LabWorld,
    certificates: LabCertificates,
    monkeypatch: pytest.MonkeyPatch,
    *,
    token: str | None = None,
    page_size: int = 1,
    asynchronous: bool = True,
    **client_options: object,
) -> Iterator[OverHttps]:
    """Serve `world`; the client's token (the operator's unless given) is exported under
    TOKEN_ENV, as lab serve's user would, and reaches the client through `token_env:`. The
    emulator answers asynchronously (Registering, 202 + operation) and the client's waits
    advance the world's virtual clock instead of sleeping."""
    with ArmEmulator(
        world, certificates=certificates, page_size=page_size, asynchronous=asynchronous
    ) as emulator:
        monkeypatch.setenv(TOKEN_ENV, token or world.caller_token())

        def advance(seconds: float) -> None:
            with world.lock:
                world.clock.advance(seconds)

        transport = RecordingTransport(advance, connection_verify=str(emulator.ca_path))
        plane = ArmControlPlane.for_target(
            emulator.target(TOKEN_ENV), transport=transport, **client_options
        )
        yield OverHttps(world, emulator, plane, transport)
