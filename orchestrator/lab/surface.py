"""The cmdlet surface: the commands a node answers, acting on the world as the real ones do.

Output objects carry the real property names; errors carry the real message texts and
FullyQualifiedErrorIds (sources in texts.py and per handler), so classification code sees what
it would see on a real node. Handlers live in surface_<area>.py modules and register themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from orchestrator.lab import (  # noqa: F401  (imported for their handler registrations)
    calls,
    surface_arc,
    surface_azure_local,
    surface_calls,
    surface_diagnostics,
    surface_registration,
    surface_services,
)
from orchestrator.lab.handlers import HANDLERS, READS_ONLY, Handler, handles, not_recognized
from orchestrator.lab.host import LabHost, NoHost, hosted
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult

__all__ = ["HANDLERS", "Handler", "dispatch", "handles"]


# Over the wire a long call runs in real time, waited for in short steps so that a call whose
# time was brought forward (a test ending it) is seen to end at once.
REAL_TIME_STEP_S = 0.05


def _real_time_wait(seconds: float) -> None:
    time.sleep(min(seconds, REAL_TIME_STEP_S))


def dispatch(
    world: LabWorld,
    node: LabNode,
    command: Command,
    host: LabHost | None = None,
    *,
    on_started: Callable[[], None] | None = None,
) -> CommandResult:
    """Run `command` on `node`. `host` is the caller's PowerShell host (lab/host.py); without
    one the command runs as for a PSRP client that supplied none: host lines vanish and
    prompts fail. A command holding a marker (`Command.marker`) runs for its time
    (lab/calls.py); `on_started` is called once it is under way on the node."""
    if command.marker:
        wait = _real_time_wait if world.real_time_calls else world.clock.advance
        return calls.run_held(
            world, node, command, wait=wait, on_started=on_started, host=host or NoHost()
        )
    name = command.name.lower()
    handler = HANDLERS.get(name)
    if handler is None:
        return not_recognized(command.name)
    reads = READS_ONLY.get(name)
    # A read holds the lock without counting a change (lab/world.py WorldLock); what settles
    # meanwhile counts itself.
    held = world.lock.reading() if reads is not None and reads(command) else world.lock
    with held, hosted(host or NoHost()):
        world.settle(node)
        return handler(world, node, command)
