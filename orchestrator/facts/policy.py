"""Why a node is OutOfPolicy: the newest of the Admin events 591, 592, 594 (seeds/000 C8).

591: failed to connect, repair the registration. 592: a repair of its data is running, nothing
to do. 594: its data cannot be accessed; manual steps (whole cluster: unregister, restart,
register; one node: remove it, restart, wait for the repair, rejoin).
"""

from __future__ import annotations

import attrs

from orchestrator.transport.base import Command, NodeSession

ADMIN_CHANNEL = "Microsoft-AzureStack-HCI/Admin"
POLICY_EVENTS = (591, 592, 594)


@attrs.frozen
class PolicyEvent:
    event_id: int
    time: str
    message: str


def latest_policy_event(session: NodeSession, *, scan: int = 100) -> PolicyEvent | None:
    """Newest first (Get-WinEvent's order without -Oldest); None when there is none."""
    result = session.run(Command.cmdlet("Get-WinEvent", LogName=ADMIN_CHANNEL, MaxEvents=scan))
    if result.errors:
        return None  # NoMatchingEventsFound: an empty channel
    for record in result.output:
        if isinstance(record, dict) and record.get("Id") in POLICY_EVENTS:
            return PolicyEvent(
                int(record["Id"]), str(record.get("TimeCreated")), str(record.get("Message"))
            )
    return None
