"""psrpcore's server runspace pool, with each distinct CreatePipeline message decoded once.

Decoding a CreatePipeline message (CLIXML -> psrpcore objects, about 60 elements even for a
command without parameters: MS-PSRP 2.2.2.10, with its HostInfo, 2.2.3.14, and a
PipelineResultTypes enum per merge flag, 2.2.3.31) was ~40% of the emulator's CPU per remote
command (issue 16, bench/README.md "Session 6"). The message's CLIXML depends only on the
command: pypsrp numbers its RefIds from 0 in every message, and the runspace pool and pipeline
ids travel in the message header (MS-PSRP 2.2.1), not in the data. So the lab nodes, which
all share this process, see the same bytes over and over (register on 16 nodes: 137
CreatePipeline messages, 14 distinct), and the decoded object is kept, keyed by those bytes.

What stays per message is psrpcore's own processing (`_process_CreatePipeline`: the pipeline
built from the decoded object, `PowerShell.FromPSObjectForRemoting`, stored as the
ServerPipeline's metadata) and everything downstream: the answers are byte for byte the same
(tests/protocol/test_emulator_answers.py). Messages holding a SecureString (`<SS>`, MS-PSRP
2.2.5.1.24) are never kept: their plaintext depends on the pool's session key.

psrpcore 0.3.1 (pinned in pyproject.toml) has no public hook for this; the override wraps
its private `_process_message` (psrpcore/_base.py, `RunspacePool._process_message`) and reads
the decoded object from the event (`PSRPEvent._ps_object`, psrpcore/_events.py), and
tests/protocol/test_wire_costs.py fails loudly if that method changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import psrpcore
from psrpcore._payload import PSRPMessage
from psrpcore.types import PSRPMessageType

# Distinct pipelines kept; the flows send a few dozen distinct commands in all.
DECODED_KEPT = 256
_SECURE_STRING = b"<SS"


class DecodedPipelines:
    """Decoded CreatePipeline messages by their bytes (and the peer's capability), LRU."""

    def __init__(self, size: int = DECODED_KEPT) -> None:
        self._size = size
        self._items: OrderedDict[tuple[bytes, str], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.decoded = 0  # messages decoded (not found kept)

    def get(self, key: tuple[bytes, str]) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def keep(self, key: tuple[bytes, str], decoded: Any) -> None:
        with self._lock:
            self.decoded += 1
            self._items[key] = decoded
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


DECODED = DecodedPipelines()


def _capability(capability: Any) -> str:
    """The client's SessionCapability (MS-PSRP 2.2.2.1), part of what psrpcore decodes with."""
    return "/".join(
        str(getattr(capability, name, None))
        for name in ("PSVersion", "protocolversion", "SerializationVersion")
    )


class LabRunspacePool(psrpcore.ServerRunspacePool):
    def _process_message(self, message: PSRPMessage) -> psrpcore.PSRPEvent[Any, Any]:
        if message.message_type != PSRPMessageType.CreatePipeline or _SECURE_STRING in message.data:
            return super()._process_message(message)
        key = (bytes(message.data), _capability(self.their_capability))
        decoded = DECODED.get(key)
        if decoded is None:
            event = super()._process_message(message)
            DECODED.keep(key, event._ps_object)  # what psrpcore decoded
            return event
        created = psrpcore.PSRPEvent.create(
            message.message_type, decoded, message.runspace_pool_id, message.pipeline_id
        )
        assert isinstance(created, psrpcore.CreatePipelineEvent)
        self._process_CreatePipeline(created)
        return created
