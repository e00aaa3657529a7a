"""Registration across both emulators: the ARM token the real Azure client obtains goes over
WinRM/PSRP to the node's Register-AzStackHCI, and the result is read back over ARM and Graph
(HTTPS) - what `orchestrate lab serve` offers the flows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.inventory.loader import parse_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector, connect
from tests.protocol.conftest import inventory_data, lab_world

TOKEN_ENV = "HCI_TEST_ARM_TOKEN"


def _cmdlet(connector: Connector, name: str, **parameters: str) -> None:
    token, account = connector.azure().access_token()
    target = connector.inventory.azure if connector.inventory else None
    assert target is not None
    result = connector.transport.open("node1").run(
        Command.cmdlet(
            name,
            SubscriptionId=target.subscription_id,
            TenantId=target.tenant_id,
            ArmAccessToken=token,
            AccountId=account,
            **parameters,
        )
    )
    assert not result.failed, result.errors


@pytest.mark.slow
def test_register_over_psrp_with_the_arm_clients_token_then_read_and_clean_up_over_arm(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = lab_world()
    nodes = serve(world)
    with ArmEmulator(world, certificates=nodes.tls_files) as arm:
        data = {**inventory_data(nodes), "azure": arm.inventory_azure(TOKEN_ENV)}
        monkeypatch.setenv(TOKEN_ENV, world.caller_token())
        connector = connect(parse_inventory(data))
        plane = connector.azure()
        rg = world.target.resource_group
        try:
            assert plane.access_token()[1] == "hciadmin@contoso.onmicrosoft.com"
            assert plane.hci_cluster(rg, "hci01") is None

            _cmdlet(
                connector,
                "Register-AzStackHCI",
                Region=world.target.region,
                ResourceGroupName=rg,
            )
            cluster = plane.hci_cluster(rg, "hci01")
            assert cluster is not None
            assert plane.arc_settings(rg, "hci01") is not None
            assert [a["displayName"] for a in plane.applications("hci01")] == ["hci01"]
            machine = plane.arc_machine(rg, "node1")
            assert machine is not None
            assert machine["properties"]["parentClusterResourceId"].lower() == (
                cluster["id"].lower()
            )

            _cmdlet(connector, "Unregister-AzStackHCI")
            assert plane.hci_cluster(rg, "hci01") is None
            # whatever unregistration leaves behind, the cleanup removes over ARM and Graph
            for node in ("node1", "node2", "node3", "node4"):
                plane.delete_arc_machine(rg, node)
            for app in plane.applications("hci01") + plane.applications("hci01.arc"):
                assert plane.delete_application(app["id"]) is True
            assert plane.applications("hci01") == []
            assert plane.arc_machine(rg, "node1") is None
        finally:
            connector.close()
