"""psrpcore's server runspace pool, doing the same work less often (issue 16): each distinct
message that opens a pool or creates a pipeline is decoded once per process, a pipeline's
state messages without an error are serialized once per state, and an output object once
per distinct content. The answers are byte for byte the same
(tests/protocol/test_emulator_answers.py).

Decoding a CreatePipeline message (CLIXML -> psrpcore objects, about 60 elements even for a
command without parameters: MS-PSRP 2.2.2.10, with its HostInfo, 2.2.3.14, and a
PipelineResultTypes enum per merge flag, 2.2.3.31) was ~40% of the emulator's CPU per remote
command (bench/README.md "Session 6"). Its CLIXML depends only on the command: pypsrp numbers
RefIds from 0 in every message (pypsrp 0.9.1 `Serializer.serialize` clears its Obj and TN
references for each), and the runspace pool and pipeline ids travel in the message header
(MS-PSRP 2.2.1), not in the data. (Correctness does not rest on that: the key is the bytes; a
client numbering otherwise would only find nothing kept.) The lab nodes all share this
process and see the same bytes over and over (register on 16 nodes: 137 CreatePipeline
messages, 14 distinct; 16 SESSION_CAPABILITY and 16 INIT_RUNSPACEPOOL messages, one distinct
each), so the decoded object is kept, keyed by those bytes and the client's capability. What
stays per message is psrpcore's own processing of the decoded object (`_process_<type>`); for
CreatePipeline, the pipeline psrpcore built from it the first time
(`PowerShell.FromPSObjectForRemoting`, another 8%) is stored as each later ServerPipeline's
metadata, which the emulator only reads. A message holding a SecureString (`<SS>`, MS-PSRP
2.2.5.1.24) is never kept: its plaintext depends on the pool's session key; nor is one whose
pipeline has a parameter named like a secret (-ArmAccessToken): the token is not kept past
its command.

PIPELINE_STATE (MS-PSRP 2.2.2.21) without an error record is one of a few constant CLIXML
documents (`<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>` for Completed);
psrpcore serialized it anew for every Running and Completed. An output object (PIPELINE_OUTPUT,
MS-PSRP 2.2.2.19) is serialized from the lab's plain result (`objects.to_wire`), so its CLIXML
is a function of the item's exact shape (`output_shape`) and the command it answers: kept by
those, unless the item holds more than plain values. Both are serialized by psrpcore the
first time and queued as psrpcore queues a message.

psrpcore 0.3.1 (pinned in pyproject.toml) has no public hook for any of this; it relies on
its private `RunspacePool._process_message` and `prepare_message` (psrpcore/_base.py),
`_process_<type>` of ServerRunspacePool (psrpcore/_server.py), `PSRPEvent._ps_object`
(psrpcore/_events.py) and `create_message` (psrpcore/_payload.py);
tests/protocol/test_wire_costs.py fails loudly if any of them changes.
"""

from __future__ import annotations

import threading
import typing
import uuid
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any
from xml.etree import ElementTree

import attrs
import psrpcore
from psrpcore import PSRPCoreError
from psrpcore._payload import PSRPMessage, create_message
from psrpcore.types import PipelineState, PSRPMessageType, serialize

from orchestrator.lab.emulator import objects
from orchestrator.transport.base import names_a_secret

# Distinct messages (outputs) kept; the flows send a few dozen distinct commands in all.
KEPT = 256
_SECURE_STRING = b"<SS"
# Processed by psrpcore from the decoded object alone, without changing it.
_KEPT_TYPES = {
    PSRPMessageType.CreatePipeline,
    PSRPMessageType.SessionCapability,
    PSRPMessageType.InitRunspacePool,
}


class Kept:
    """What was worked out once, by key; the least recently used dropped first (thread-safe:
    every node's connection thread uses the same one)."""

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.worked_out = 0  # not found kept

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def keep(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self.worked_out += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


DECODED = Kept()  # (psrpcore's decoded object, its pipeline) by (type, bytes, capability)
OUTPUTS = Kept()  # output CLIXML by (command, the item's shape, capability)
# PIPELINE_STATE CLIXML without an error record, by state.
_STATE_CLIXML: dict[int, bytes] = {}


def _carries_secrets(pipeline: psrpcore.PowerShell) -> bool:
    """A parameter named like a secret (-ArmAccessToken, ...) in the pipeline: its message is
    not kept, as the client keeps no body of such a command (psrp_pipeline.CreatePipelineBodies,
    base.Command.carries_secrets). A secret_cmdlet's values travel under ordinary names
    (arc_agent's Set-Content -Value) and cannot be told apart here: such a message is kept
    until 256 others push it out, as the endpoint's own record (`commands`) keeps it too."""
    return any(
        name is not None and names_a_secret(name)
        for command in pipeline.commands
        for name, _value in command.parameters
    )


def _capability(capability: Any) -> str:
    """The client's SessionCapability (MS-PSRP 2.2.2.1), part of what psrpcore decodes with."""
    return "/".join(
        str(getattr(capability, name, None))
        for name in ("PSVersion", "protocolversion", "SerializationVersion")
    )


class LabRunspacePool(psrpcore.ServerRunspacePool):
    _capability_of: tuple[Any, str] = (None, "")

    def _capability_key(self) -> str:
        """`_capability` of the client's capability, worked out again only when it changes
        (reading a psrpcore object's properties is slow)."""
        capability, key = self._capability_of
        if capability is not self.their_capability or not key:
            key = _capability(self.their_capability)
            self._capability_of = (self.their_capability, key)
        return key

    def _process_message(self, message: PSRPMessage) -> psrpcore.PSRPEvent[Any, Any]:
        if message.message_type not in _KEPT_TYPES or _SECURE_STRING in message.data:
            return super()._process_message(message)
        key = (message.message_type, bytes(message.data), self._capability_key())
        kept = DECODED.get(key)
        if kept is None:
            event = super()._process_message(message)
            built = None
            if message.message_type == PSRPMessageType.CreatePipeline:
                built = self.pipeline_table[typing.cast(uuid.UUID, message.pipeline_id)].metadata
                if _carries_secrets(typing.cast(psrpcore.PowerShell, built)):
                    return event  # decoded for its one use: the secret is not kept past it
            DECODED.keep(key, (event._ps_object, built))  # what psrpcore decoded and built
            return event
        decoded, built = kept
        # What psrpcore's _process_message does after decoding.
        event = psrpcore.PSRPEvent.create(
            message.message_type, decoded, message.runspace_pool_id, message.pipeline_id
        )
        if built is None:
            getattr(self, f"_process_{message.message_type.name}")(event)
            return event
        # psrpcore's _process_CreatePipeline, with the pipeline it built from these bytes before
        # (the emulator only reads it: its commands, their parameters, the host info).
        if event.pipeline_id not in self.pipeline_table:
            raise PSRPCoreError(f"Failed to find pipeline for incoming event {event.pipeline_id!s}")
        self.pipeline_table[event.pipeline_id].metadata = built
        return event

    def prepare_message(
        self,
        message: Any,  # a PSObject, None, or Serialized
        message_type: PSRPMessageType | None = None,
        pipeline_id: uuid.UUID | None = None,
        stream_type: psrpcore.StreamType = psrpcore.StreamType.default,
    ) -> None:
        if isinstance(message, Serialized) and message_type is not None:
            self._queue(message_type, message.clixml, pipeline_id, stream_type)
            return
        if (
            type(message) is not PipelineState
            or message_type not in (None, PSRPMessageType.PipelineState)
            or getattr(message, "ExceptionAsErrorRecord", None) is not None
        ):
            super().prepare_message(message, message_type, pipeline_id, stream_type)
            return
        state = int(typing.cast(Any, message).PipelineState)
        clixml = _STATE_CLIXML.get(state)
        if clixml is None:
            clixml = _STATE_CLIXML[state] = self.clixml(message)
        self._queue(PSRPMessageType.PipelineState, clixml, pipeline_id, stream_type)

    def clixml(self, value: Any) -> bytes:
        """`value` serialized as psrpcore's prepare_message serializes a message."""
        clixml: bytes = ElementTree.tostring(
            serialize(
                value,
                self._cipher,
                our_capability=self.our_capability,
                their_capability=self.their_capability,
            ),
            encoding="utf-8",
            method="xml",
        )
        return clixml

    def _queue(
        self,
        kind: PSRPMessageType,
        clixml: bytes,
        pipeline_id: uuid.UUID | None,
        stream_type: psrpcore.StreamType,
    ) -> None:
        """What psrpcore's prepare_message does after serializing."""
        data = create_message(self._is_client, kind, clixml, self.runspace_pool_id, pipeline_id)
        self._send_buffer.append(
            PSRPMessage(
                kind,
                bytearray(data),
                self.runspace_pool_id,
                pipeline_id,
                self._fragment_counter,
                stream_type,
            )
        )

    def output(self, item: Any, command_name: str) -> Any:
        """One output object of the lab, to be written with `ServerPipeline.write_output`: as
        serialized once for every item of the same content (`Serialized`), or as an object
        for psrpcore to serialize when its content is not made of plain values only."""
        shape = output_shape(item)
        if shape is None:
            return objects.to_wire(item, command_name)
        key = (command_name.lower(), shape, self._capability_key())
        clixml = OUTPUTS.get(key)
        if clixml is None:
            clixml = self.clixml(objects.to_wire(item, command_name))
            OUTPUTS.keep(key, clixml)
        return Serialized(clixml)


@attrs.frozen
class Serialized:
    """A message serialized already: LabRunspacePool queues its CLIXML as it is."""

    clixml: bytes


class _NotPlain(Exception):
    pass


_PLAIN = {str, int, bool, type(None)}


def output_shape(value: Any) -> Any:
    """What determines how the emulator serializes a lab output item, as a hashable key: its
    containers and values with their exact types (True is not 1; floats by repr, so -0.0 is
    not 0.0), or None when anything else is in it (datetimes, enums, psrpcore objects...)."""
    try:
        return _shape_of(value)
    except _NotPlain:
        return None


def _shape_of(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return (kind, value)
    if kind is float:
        return (float, repr(value))
    if kind is dict:
        return (dict, tuple((_shape_of(k), _shape_of(v)) for k, v in value.items()))
    if kind is list or kind is tuple:
        return (kind, tuple(_shape_of(v) for v in value))
    raise _NotPlain
