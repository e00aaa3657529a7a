"""SIGTERM is handled like Ctrl-C.

CI cancellation, `timeout`, systemd and Ansible's async timeouts stop a process with SIGTERM;
Python's default is to die at once, in the middle of a step, with the cluster lock's holder
file left behind and the journal not saying the run stopped. With `sigterm_as_interrupt()` a
SIGTERM raises `Terminated` (a KeyboardInterrupt) in the main thread, so the engine does what
it does for Ctrl-C: work in flight finishes and is journaled, `run_interrupted` is written
(with exit code 143 = 128 + 15, the shell's convention for "terminated by SIGTERM"), the lock
is released, and `orchestrate resume RUN_ID` continues. A second SIGTERM while that happens is
ignored (a SIGKILL still ends everything; the kernel then releases the lock).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from orchestrator.exitcodes import ExitCode

log = logging.getLogger(__name__)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt."""


def interrupt_exit_code(stop: BaseException) -> ExitCode:
    """143 for SIGTERM, 130 for Ctrl-C."""
    return ExitCode.TERMINATED if isinstance(stop, Terminated) else ExitCode.INTERRUPTED


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated in the main thread (elsewhere: no change,
    Python lets only the main thread install handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def on_sigterm(signum: int, _frame: FrameType | None) -> None:
        if received:
            log.warning("SIGTERM again: already stopping; in-flight work is finishing")
            return
        received.append(signum)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
