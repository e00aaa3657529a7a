"""A loopback WinRM/WS-Management + PSRP emulator that serves the lab world over the real
wire, so the psrp transport is tested with the real pypsrp client (see cluster.py)."""

from orchestrator.lab.emulator.cluster import LabEmulator, WallClock
from orchestrator.lab.emulator.endpoint import Credentials, NodeEndpoint
from orchestrator.lab.emulator.faults import (
    Delay,
    Drop,
    FaultRule,
    Hang,
    HttpStatus,
    Reboot,
    Unauthorized,
    WSManFault,
)
from orchestrator.transport.wire_log import withhold_payloads

withhold_payloads()  # psrpcore logs the CLIXML it receives at DEBUG (tokens, secrets)

__all__ = [
    "Credentials",
    "Delay",
    "Drop",
    "FaultRule",
    "Hang",
    "HttpStatus",
    "LabEmulator",
    "NodeEndpoint",
    "Reboot",
    "Unauthorized",
    "WSManFault",
    "WallClock",
]
