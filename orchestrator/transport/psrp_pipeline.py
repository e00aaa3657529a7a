"""A tool Command as the pypsrp pipeline that carries it (the CreatePipeline message's commands).

Built only structurally: a cmdlet (or one of the tool's fixed scripts, transport/scripts.py)
with named parameters and positional arguments, never script text made from data
(docs/psrp.md "How commands travel").

Why the commands are `SentCommand`s and not what `PowerShell.add_cmdlet` makes: pypsrp 0.9.1
deep-copies every command of a pipeline twice while it serializes CreatePipeline
(jborean93/pypsrp `src/pypsrp/complex_objects.py` v0.9.1, `Pipeline._get_statements`, called
once for `Cmds` and once for `ExtraCmds`): about 620 `copy.deepcopy` calls for one
`Get-Service -Name hcisvc`, 8% of the controller's CPU per remote command (bench/README.md,
session 6). The copy's own comment gives its reason: "in lxml [appending a value to a second
parent] removes it from the original parent". pypsrp 0.9 serializes with xml.etree, building
new elements from the objects (`serializer.Serializer._serialize_obj`), so the copies are only
read. A `SentCommand` is built for one invocation and dropped after it, so it hands itself
out as its copy (`__deepcopy__`, Python's copy protocol) and pypsrp serializes the same
message: tests/protocol/test_psrp_pipeline.py compares the bytes with pypsrp's own
`add_cmdlet` path for every shape `build` makes, and pins the pypsrp functions this relies on.

Why a CreatePipeline body is serialized once per run and command (`CreatePipelineBodies`):
most of a run's commands are the same few on every node (14 distinct commands of 137 in a
16-node register), and the CLIXML body of their CREATE_PIPELINE message (MS-PSRP 2.2.2.10:
NoInput, ApartmentState, RemoteStreamOptions, AddToHistory, HostInfo, PowerShell, IsNested)
depends only on what is in the key below, not on the pool or the pipeline: their ids are in
the message's header (MS-PSRP 2.2.1), which pypsrp's `Message.pack` writes per message around
the body. Serializing it was 13% of the controller's CPU per command (bench/README.md,
session 6). The pool's serializer (`BodyCachingSerializer`) hands `Message.pack` the body's
bytes, which `pack` takes as they are (pypsrp `messages.py` v0.9.1, `Message.pack`: "if not
isinstance(msg, bytes)"). A command that carries a secret is never kept (base.Command.
carries_secrets): its body is serialized for its one use and dropped, as before.

Why a primitive CLIXML element is decoded here (`BodyCachingSerializer.deserialize`): pypsrp's
`Serializer.deserialize` (serializer.py v0.9.1) writes every element it is given out again as
text first (`ET.tostring`, kept as a complex object's `_xml`) and builds its tables of ~25
primitive decoders and ~60 type names anew, for every property of every object a node sends
back: 35% of decoding the answers, ~0.2 ms of the controller's CPU per command in a 16-node
register (bench/README.md, session 7). For an element of a primitive tag with no children,
pypsrp's path clears (at the top), resolves a "*" tag on the caller's metadata, records no
types, and returns its table's value: that is what is done here, with the same expressions
(`_PRIMITIVES`); the element's text is never used. Objects, lists, dictionaries, references
(Ref) and SecureStrings (SS) stay on pypsrp's path. tests/protocol/test_psrp_decoding.py
compares the results (values, objects, `_xml`, reference tables) with pypsrp's for a corpus and
for everything a few commands' answers bring over the wire.
"""

from __future__ import annotations

import base64
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from pypsrp.complex_objects import Command as PsrpCommand
from pypsrp.messages import CreatePipeline, PipelineState
from pypsrp.powershell import PowerShell, RunspacePool
from pypsrp.serializer import Serializer

from orchestrator.transport.base import Command, Hashtable, ParamValue

T = TypeVar("T")

# The statement appended to a native tool's pipeline; its output is the tool's exit code.
EXIT_CODE_PROBE = Command.cmdlet("Get-Variable", Name="LASTEXITCODE", ValueOnly=True)


class SentCommand(PsrpCommand):
    """A pypsrp Command that is its own deep copy (see the module doc)."""

    # On the first command of a pipeline `build` made: the tool's Command it carries and how
    # many pypsrp commands it became (CreatePipelineBodies' key).
    pipeline_of: tuple[Command, int] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> SentCommand:
        # Serializing twice reads the same values: the only state serialization changes is a
        # parameter's value metadata, tag "*" resolved to the value's tag (Serializer.serialize),
        # which the second pass reads back unchanged for the plain values `_wire` gives.
        return self


def _wire(value: ParamValue) -> Any:
    """A parameter value as pypsrp serializes it: a list for a tuple, a dict (Hashtable) for a
    Hashtable."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Hashtable):
        return value.as_dict()
    return value


def add(ps: PowerShell, step: Command) -> None:
    """`step` as the pipeline's next command. The SentCommand is made as pypsrp's
    `add_cmdlet` / `add_script` make theirs (powershell.py v0.9.1: the pool's protocol
    version, `is_script`, no local scope)."""
    ps.add_command(
        SentCommand(
            step.script or step.name,
            protocol_version=ps.runspace_pool.protocol_version or "",
            # one of the tool's fixed scripts (transport/scripts.py): constant text; its
            # values are bound to its param() block below, like a cmdlet's
            is_script=bool(step.script),
            use_local_scope=None,
        )
    )
    for name, value in step.parameters:
        if value is None:
            continue
        if value is True:
            ps.add_parameter(name)  # a switch: present, no value
        else:
            ps.add_parameter(name, _wire(value))
    for argument in step.arguments:
        ps.add_argument(argument)


def build(ps: PowerShell, command: Command) -> None:
    """The whole pipeline of `command`: its statement, then what the tool adds around it."""
    start = len(ps.commands)
    add(ps, command)
    if command.marker:
        # steps/one_shot.py: piped (same statement), so the marker is open while the call
        # runs; then the output is read back and the marker removed.
        add(ps, Command.cmdlet("Export-Clixml", LiteralPath=command.marker, NoClobber=True))
        for after in (
            Command.cmdlet("Import-Clixml", LiteralPath=command.marker),
            Command.cmdlet("Remove-Item", LiteralPath=command.marker),
        ):
            ps.add_statement()
            add(ps, after)
    if command.native:
        ps.add_statement()  # a new statement, not a pipe into the probe
        add(ps, EXIT_CODE_PROBE)
    first = ps.commands[0] if start == 0 else None
    if isinstance(first, SentCommand):
        first.pipeline_of = (command, len(ps.commands))


class _MadeOnce:
    """Values made once by key and shared by every pool of a transport (thread-safe); the
    first `limit` are kept, a run makes a few dozen. `made` counts the values made (a kept
    one is not made again)."""

    limit = 512

    def __init__(self) -> None:
        self.made = 0
        self._kept: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)

    def _get(self, key: Hashable, make: Callable[[], T], keep: Callable[[T], bool]) -> T:
        with self._lock:
            known: T | None = self._kept.get(key)
        if known is not None:
            return known
        made = make()
        with self._lock:
            self.made += 1
            if keep(made) and len(self._kept) < self.limit:
                self._kept[key] = made
        return made


class CreatePipelineBodies(_MadeOnce):
    """CREATE_PIPELINE bodies (CLIXML bytes) by what they are made of (see the module doc)."""

    @property
    def serialized(self) -> int:
        """Bodies serialized (a repeated command is not)."""
        return self.made

    @staticmethod
    def key(message: CreatePipeline) -> Hashable | None:
        """What the body is made of, or None when it is not one `build` made or must not be
        kept. HostInfo is kept only without a raw UI (the tool's host has none: `recording_host`),
        whose default data (window size, colours, ...) would be read anew each time."""
        pipeline = message.pipeline
        if pipeline is None:
            return None
        commands: list[Any] = list(pipeline.commands or ())
        if not commands or not all(type(c) is SentCommand for c in commands):
            return None  # not a pipeline `build` made
        made = commands[0].pipeline_of
        if made is None or made[1] != len(commands) or made[0].carries_secrets:
            return None
        if made[0].marker:
            return None  # a one-shot call runs once
        host = message.host_info.host if message.host_info is not None else None
        ui = host.ui if host is not None else None
        if ui is not None and ui.raw_ui is not None:
            return None
        return (
            made,
            commands[0].protocol_version,
            message.no_input,
            message.apartment_state.value if message.apartment_state is not None else None,
            message.remote_stream_options.value if message.remote_stream_options else None,
            message.add_to_history,
            message.is_nested,
            pipeline.is_nested,
            pipeline.history,
            pipeline.redirect_err_to_out,
            host is None,
            ui is None,
        )

    def body(self, message: CreatePipeline, serialize: Callable[[], bytes]) -> bytes | None:
        """The body of `message` (`serialize()` makes it on a miss), or None when not kept."""
        key = self.key(message)
        return None if key is None else self._get(key, serialize, lambda _body: True)


class PipelineStates(_MadeOnce):
    """PIPELINE_STATE messages (MS-PSRP 2.2.2.21) decoded once per run and text: every command
    brings two, Running and Completed, the same few bytes on every node (274 decodes in a
    16-node register, 4% of the controller's CPU). pypsrp only reads a decoded state
    (`PowerShell._process_pipeline_state`: `state`, `error_record`), so one object serves
    every message with the same text. A state carrying an error record is decoded each time."""

    limit = 64

    @property
    def decoded(self) -> int:
        """State messages decoded (a repeated one is not)."""
        return self.made

    def state(self, text: str, decode: Callable[[], PipelineState]) -> PipelineState:
        return self._get(text, decode, lambda state: state.error_record is None)


# CLIXML primitive values (MS-PSRP 2.2.5.1), decoded as pypsrp 0.9.1's `Serializer.deserialize`
# decodes them (its table of lambdas, same expressions). Not here: SS (a SecureString, needs the
# pool's session key) and Ref (pypsrp sets the referenced object's `_xml` to the Ref's XML).
_PRIMITIVES: dict[str, Callable[[Serializer, ET.Element], Any]] = {
    "S": lambda s, d: s._deserialize_string(d.text),
    "ToString": lambda s, d: s._deserialize_string(d.text),
    "C": lambda s, d: chr(int(d.text)),  # type: ignore[arg-type]
    "B": lambda s, d: d.text.lower() == "true",  # type: ignore[union-attr]
    "DT": lambda s, d: d.text,
    "TS": lambda s, d: d.text,
    "By": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "SB": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "U16": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "I16": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "U32": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "I32": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "U64": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "I64": lambda s, d: int(d.text),  # type: ignore[arg-type]
    "Sg": lambda s, d: float(d.text),  # type: ignore[arg-type]
    "Db": lambda s, d: float(d.text),  # type: ignore[arg-type]
    "D": lambda s, d: d.text,
    "BA": lambda s, d: base64.b64decode(d.text),  # type: ignore[arg-type]
    "G": lambda s, d: uuid.UUID(d.text),
    "URI": lambda s, d: s._deserialize_string(d.text),
    "Nil": lambda s, d: None,
    "Version": lambda s, d: d.text,
    "XD": lambda s, d: s._deserialize_string(d.text),
    "SBK": lambda s, d: s._deserialize_string(d.text),
}


class BodyCachingSerializer(Serializer):
    """The pool's serializer: a CreatePipeline's body from `CreatePipelineBodies`, as the bytes
    `Message.pack` would have made of it (`ET.tostring(..., encoding="utf-8")`), and a pipeline
    state from `PipelineStates`; everything else (the pool's other messages, the output and
    records the node sends back) as pypsrp's own Serializer."""

    def __init__(self, bodies: CreatePipelineBodies, states: PipelineStates) -> None:
        super().__init__()
        self.bodies = bodies
        self.states = states
        self.primitives_decoded = 0  # without pypsrp's whole deserialize (below)

    def deserialize(self, element: Any, metadata: Any = None, clear: bool = True) -> Any:
        # Message.unpack decodes a PIPELINE_STATE message's text with its class as metadata
        if (
            isinstance(element, str)
            and clear
            and getattr(metadata, "object", None) is PipelineState
        ):
            return self.states.state(
                element, lambda: Serializer.deserialize(self, element, metadata, clear)
            )
        if not isinstance(element, str) and len(element) == 0:
            primitive = _PRIMITIVES.get(element.tag)
            if primitive is not None:
                # pypsrp's path for a primitive element with no children: clear, resolve a
                # "*" tag on the caller's metadata, no types to record (no TN child), the
                # table's value; without writing the element out again first (`ET.tostring`
                # for the `_xml` of a complex object, which a primitive is not) or building
                # its type tables anew for it: ~35% of decoding the answers (session 7)
                if clear:
                    self._clear()
                if metadata is not None and metadata.tag == "*":
                    metadata.tag = element.tag
                self.primitives_decoded += 1
                return primitive(self, element)
        return super().deserialize(element, metadata, clear)

    def serialize(
        self, value: Any, metadata: Any = None, parent: Any = None, clear: bool = True
    ) -> Any:
        if isinstance(value, CreatePipeline) and metadata is None and parent is None and clear:

            def whole() -> bytes:
                element = Serializer.serialize(self, value)
                assert element is not None  # a CreatePipeline always has a body
                made: bytes = ET.tostring(element, encoding="utf-8", method="xml")
                return made

            kept = self.bodies.body(value, whole)
            if kept is not None:
                return kept
        return super().serialize(value, metadata, parent, clear)


def keep_bodies(pool: RunspacePool, bodies: CreatePipelineBodies, states: PipelineStates) -> None:
    """Give a pool, before it opens, the serializer that keeps CreatePipeline bodies and
    decoded pipeline states. pypsrp
    0.9.1 makes one Serializer per pool and shares it with the pool's Fragmenter
    (`RunspacePool.__init__`: `_serializer`, `_fragmenter`); both must have the new one (the
    session key for SecureStrings is set on the pool's, `_serializer.cipher`)."""
    serializer = BodyCachingSerializer(bodies, states)
    pool._serializer = serializer
    pool._fragmenter.serializer = serializer
