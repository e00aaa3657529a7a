"""What commands said besides their output, collected per step for the journal and the run
result (issue 11 item 4).

Both transports hand every CommandResult to `record`; while the engine runs a step inside
`capturing()`, the warning, verbose and information records and the host lines of every
command the step ran (on any node) are kept, masked, in order. Outside a step nothing is kept.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import attrs

from orchestrator.catalog import redact
from orchestrator.transport.base import Command, CommandResult


@attrs.frozen
class StreamEntry:
    node: str
    command: str  # rendered: secrets masked
    stream: str  # warning, verbose, information, host-output, host-error, host-warning, ...
    text: str  # masked

    def to_json(self) -> dict[str, str]:
        return attrs.asdict(self)


@attrs.define
class StreamSink:
    entries: list[StreamEntry] = attrs.field(factory=list)

    def add(self, node: str, command: Command, result: CommandResult) -> None:
        items = [
            *(("warning", text) for text in result.warnings),
            *(("verbose", text) for text in result.verbose),
            *(("information", text) for text in result.information),
            *((f"host-{line.stream}", line.text) for line in result.host_lines),
        ]
        if not items:
            return  # most commands say nothing else: no rendering (a hot path at scale)
        shown = command.render()
        for stream, text in items:
            self.entries.append(StreamEntry(node, shown, stream, redact(text)))

    @property
    def warnings(self) -> tuple[str, ...]:
        """Warning records and host warning lines, in order, deduplicated."""
        seen: list[str] = []
        for entry in self.entries:
            if entry.stream in ("warning", "host-warning") and entry.text not in seen:
                seen.append(entry.text)
        return tuple(seen)


_SINK: contextvars.ContextVar[StreamSink | None] = contextvars.ContextVar(
    "stream_sink", default=None
)


@contextlib.contextmanager
def capturing() -> Iterator[StreamSink]:
    sink = StreamSink()
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)


def record(node: str, command: Command, result: CommandResult) -> None:
    sink = _SINK.get()
    if sink is not None:
        sink.add(node, command, result)
