"""17.8: every wait of a run through Connector.sleep (retry back-off, steps' fixed waits) is
capped per run, with the cap in the error; in the lab the waits are the virtual clock's."""

from __future__ import annotations

import pytest

from orchestrator.errors import RunWaitExceeded
from orchestrator.lab import LabWorld
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.factory import RUN_WAIT_CAP_S, Connector


def _connector(world: LabWorld, **kw) -> Connector:
    return Connector(LabTransport(world), world.clock.now, world, **kw)


def test_waits_add_up_to_the_run_cap_then_are_refused_with_it_named():
    world = LabWorld(seed=7)
    connector = _connector(world, wait_cap_s=100)
    start = world.clock.now()
    connector.sleep(60)
    connector.sleep(40)
    with pytest.raises(RunWaitExceeded, match=r"wait of 1 s .* cap of 100 s \(100 s waited"):
        connector.sleep(1)
    assert (world.clock.now() - start).total_seconds() == 100  # the refused wait never began


def test_a_single_wait_past_the_cap_is_refused_at_once():
    world = LabWorld(seed=7)
    start = world.clock.now()
    with pytest.raises(RunWaitExceeded, match=f"cap of {RUN_WAIT_CAP_S:g} s"):
        _connector(world).sleep(7 * 24 * 3600)  # azure-core's own default timeout: 7 days
    assert world.clock.now() == start


def test_each_run_has_its_own_allowance():
    world = LabWorld(seed=7)
    _connector(world, wait_cap_s=10).sleep(10)
    _connector(world, wait_cap_s=10).sleep(10)  # a new connector is a new run
