"""12.8 in the lab: provider registration reads Registering for a while and an HCI cluster
DELETE is a long-running operation (202 + operation URL), both in the world's virtual time;
the real client (over the ARM emulator) and the in-process plane wait them out, bounded, and
no test really sleeps (the client's waits advance the world's clock)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from orchestrator.azure.waits import WaitBudget, WaitCaps
from orchestrator.errors import AzureWaitExceeded
from orchestrator.lab.azure import DELETE_OPERATION_S, PROVIDER_REGISTRATION_S
from orchestrator.lab.ca import make_lab_certificates
from orchestrator.lab.control_plane import LabControlPlane
from tests.azure.lab_arm import lab_world, over_https

RG = "hci01-rg"
ARC = "Microsoft.HybridCompute"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_lab_certificates(tmp_path_factory.mktemp("arm-ca"))


def _elapsed(world, start) -> float:
    return (world.clock.now() - start).total_seconds()


def test_registration_over_https_reads_registering_then_is_waited_for(certificates, monkeypatch):
    world = lab_world("D6")
    start = world.clock.now()
    with over_https(world, certificates, monkeypatch) as lab:
        assert lab.plane.register_provider(ARC) == "Registered"
        requests = list(lab.emulator.requests)
        slept = list(lab.transport.slept)
    assert requests[0] == ("POST", "register")
    assert requests.count(("GET", "provider")) == len(slept) + 1  # a read after every wait
    assert sum(slept) >= PROVIDER_REGISTRATION_S
    assert _elapsed(world, start) == sum(slept)  # the waits were the world's virtual time


def test_a_cluster_delete_over_https_is_a_202_polled_to_its_end(certificates, monkeypatch):
    world = lab_world(is_registered=True)
    start = world.clock.now()
    with over_https(world, certificates, monkeypatch) as lab:
        assert lab.plane.delete_hci_cluster(RG, "hci01") is True
        requests = list(lab.emulator.requests)
        assert lab.plane.hci_cluster(RG, "hci01") is None
        assert lab.plane.arc_settings(RG, "hci01") is None  # children go with it
        assert lab.plane.delete_hci_cluster(RG, "hci01") is False  # idempotent: 204
    assert requests[0] == ("DELETE", "cluster")
    assert ("GET", "operationstatus") in requests  # Azure-AsyncOperation is followed first
    assert _elapsed(world, start) >= DELETE_OPERATION_S
    [operation] = world.azure.operations.values()
    assert operation.status == "Succeeded"


def test_while_the_operation_runs_the_cluster_reads_deleting(certificates, monkeypatch):
    world = lab_world(is_registered=True)
    rid = world.cluster.registration.resource_id
    operation = world.azure.begin_delete(world.target.caller_id, rid)
    assert operation is not None
    assert world.azure.find(rid).properties["provisioningState"] == "Deleting"
    again = world.azure.begin_delete(world.target.caller_id, rid)
    assert again is operation  # a second DELETE meanwhile answers with the same operation
    world.clock.advance(DELETE_OPERATION_S)
    assert world.azure.find(rid) is None
    assert world.azure.operation(operation.id).to_arm()["status"] == "Succeeded"


def test_a_synchronous_emulator_answers_at_once(certificates, monkeypatch):
    # how `lab serve` and the demo serve a world to a client that really sleeps
    world = lab_world("D6", is_registered=True)
    with over_https(world, certificates, monkeypatch, asynchronous=False) as lab:
        assert lab.plane.register_provider(ARC) == "Registered"
        assert lab.plane.delete_hci_cluster(RG, "hci01") is True
        slept = list(lab.transport.slept)
        requests = list(lab.emulator.requests)
    assert slept == []
    assert ("GET", "operationstatus") not in requests


def test_the_in_process_plane_waits_on_the_virtual_clock_with_progress(caplog):
    world = lab_world("D6", is_registered=True)
    plane = LabControlPlane(world)
    start = world.clock.now()
    with caplog.at_level(logging.INFO, logger="orchestrator.azure.waits"):
        assert plane.register_provider(ARC) == "Registered"
    assert _elapsed(world, start) >= PROVIDER_REGISTRATION_S
    assert "registration of Microsoft.HybridCompute: Registering; waited 10 s of at most" in (
        caplog.text
    )
    start = world.clock.now()
    assert plane.delete_hci_cluster(RG, "hci01") is True
    assert _elapsed(world, start) >= DELETE_OPERATION_S
    assert plane.hci_cluster(RG, "hci01") is None


def test_an_operation_longer_than_the_cap_stops_the_wait_with_the_cap_named():
    world = lab_world(is_registered=True)
    world.azure.delete_operation_s = 3600
    plane = LabControlPlane(world, budget=WaitBudget(WaitCaps(per_operation_s=60)))
    with pytest.raises(AzureWaitExceeded, match=r"still InProgress.*cap per operation is 60 s"):
        plane.delete_hci_cluster(RG, "hci01")
    rid = world.cluster.registration.resource_id
    assert world.azure.find(rid) is not None  # Azure goes on deleting by itself
    world.clock.advance(timedelta(hours=1).total_seconds())
    assert world.azure.find(rid) is None


def test_the_run_cap_spans_every_wait_of_the_run():
    world = lab_world("D6", is_registered=True)
    plane = LabControlPlane(world, budget=WaitBudget(WaitCaps(per_run_s=40)))
    plane.register_provider(ARC)  # 30 s of the run's 40
    with pytest.raises(AzureWaitExceeded, match=r"cap of 40 s per run"):
        plane.delete_hci_cluster(RG, "hci01")
