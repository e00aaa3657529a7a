"""The in-process transport: sessions that call the lab world's cmdlet surface directly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import attrs

from orchestrator.errors import NodeUnreachable, UnexpectedPrompt
from orchestrator.lab import calls
from orchestrator.lab.host import LabHost, NoHost, PipelineStopped
from orchestrator.lab.latency import Latency, LatencyInjector
from orchestrator.lab.surface import dispatch
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command, CommandResult
from orchestrator.transport.formatting import read_formatted
from orchestrator.transport.host import HostCapture, PromptDeclined
from orchestrator.transport.streams import record


class CapturingHost:
    """The tool's host (transport/host.py) as the lab cmdlets see it: lines are recorded,
    prompts declined, exactly as the psrp transport's RecordingUI does over the wire."""

    has_ui = True

    def __init__(self, capture: HostCapture) -> None:
        self.capture = capture
        self.declined: PromptDeclined | None = None

    def write(self, stream: str, text: str) -> None:
        self.capture.write(stream, text)

    def prompt_for_choice(
        self, caption: str, message: str, choices: Sequence[tuple[str, str]], default: int
    ) -> int:
        self.declined = self.capture.decline("PromptForChoice", caption, message)
        raise PipelineStopped(str(self.declined))


def _unreachable(host: str) -> str:
    # The text New-PSSession / WinRM prints when the node does not answer.
    return (
        f"Connecting to remote server {host} failed with the following error message : "
        "WinRM cannot complete the operation. Verify that the specified computer name is valid, "
        "that the computer is accessible over the network, and that a firewall exception for "
        "the WinRM service is enabled and allows access from this computer."
    )


# Called with (node, command, moment) at "before" (not sent yet), "started" (a marker-holding
# call is under way on the node) and "after" (done, answer not yet returned): tests and the
# kill campaign raise here to stop the controller at that moment; the node goes on.
CallHook = Callable[[str, Command, str], None]


class LabSession:
    def __init__(
        self,
        world: LabWorld,
        node: str,
        *,
        with_host: bool = True,
        hook: CallHook | None = None,
        latency: LatencyInjector | None = None,
    ) -> None:
        self.world = world
        self.node = node
        self.with_host = with_host
        self.hook = hook
        self.latency = latency or LatencyInjector(Latency())

    def run(self, command: Command) -> CommandResult:
        lab_node = self.world.node(self.node)
        if not lab_node.reachable:
            raise NodeUnreachable(self.node, _unreachable(lab_node.host))
        # Injected latency (lab/latency.py), counted per node; outside the world's lock, so
        # calls wait concurrently (the snapshotting session too: it locks only to save).
        self.latency.before_call(self.node)
        capture = HostCapture()
        tool_host = CapturingHost(capture)
        host: LabHost = tool_host if self.with_host else NoHost()
        hook = self.hook
        if hook is not None:
            hook(self.node, command, "before")
        started = None if hook is None else (lambda: hook(self.node, command, "started"))
        try:
            result = dispatch(self.world, lab_node, command, host, on_started=started)
        except PipelineStopped:
            declined = tool_host.declined
            assert declined is not None
            raise UnexpectedPrompt(
                self.node, command.render(), declined.kind, declined.caption, declined.message
            ) from None
        finally:
            if command.marker:
                # The invocation's Import-Clixml and Remove-Item of the marker (psrp: _build),
                # unless the call is still running (the controller stopped waiting).
                with self.world.lock:
                    if not calls.is_locked(self.world, lab_node, command.marker):
                        lab_node.files.pop(command.marker, None)
                        calls.forget(self.world, lab_node, command.marker)
        if hook is not None:
            hook(self.node, command, "after")
        # What the psrp transport does with what arrives: formatting records read, host lines kept.
        read = attrs.evolve(result, output=read_formatted(result.output), host_lines=capture.lines)
        record(self.node, command, read)
        return read

    def close(self) -> None:
        return None


class LabTransport:
    def __init__(
        self,
        world: LabWorld,
        *,
        with_host: bool = True,
        hook: CallHook | None = None,
        latency: Latency | None = None,
    ) -> None:
        self.world = world
        self.with_host = with_host  # False: a client that gives the node no host (issue 11)
        self.hook = hook
        # Injected latency (lab/latency.py) and the count of remote commands per node.
        self.latency = LatencyInjector(latency or Latency())
        self.sessions_opened = 0
        self._lock = threading.Lock()

    def open(self, node: str) -> LabSession:
        lab_node = self.world.node(node)
        if not lab_node.reachable:
            raise NodeUnreachable(node, _unreachable(lab_node.host))
        with self._lock:
            self.sessions_opened += 1
        return LabSession(
            self.world, node, with_host=self.with_host, hook=self.hook, latency=self.latency
        )
