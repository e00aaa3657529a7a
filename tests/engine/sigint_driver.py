"""Run `orchestrate ...` and send this process a real SIGINT right after journal record N
(or another signal: `N:TERM`).

python -m tests.engine.sigint_driver N[:SIGNAL] orchestrate-args...
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

from orchestrator.cli import main as orchestrate
from orchestrator.engine.journal import Journal


def main() -> None:
    at, _, name = sys.argv[1].partition(":")
    interrupt_at = int(at)
    signum = getattr(signal, f"SIG{name or 'INT'}")
    # Every record passes through `append` (`write` is append + wait for the disk).
    append = Journal.append
    # Python runs a signal's handler in the main thread, whenever that thread next gets to it.
    # A worker thread that appended record N waits until it has (at most a minute), so the
    # interrupt comes right after record N however loaded the machine, not some records later
    # (or after the run finished).
    handled = threading.Event()
    install = signal.signal

    def noting_when_handled(number: int, handler: Any) -> Any:
        if number != signum or not callable(handler):
            return install(number, handler)

        def handle(received: int, frame: Any) -> Any:
            handled.set()
            return handler(received, frame)

        return install(number, handle)

    signal.signal = noting_when_handled  # type: ignore[assignment]
    # Ctrl-C's handler, as at a terminal: a test runner started in the background (`cmd &`,
    # nohup) ignores SIGINT and this process would inherit that.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    def append_then_interrupt(self: Journal, kind: str, **fields: Any) -> dict[str, Any]:
        record = append(self, kind, **fields)
        if record["seq"] == interrupt_at:
            os.kill(os.getpid(), signum)  # as if the operator pressed Ctrl-C (or CI cancelled)
            if threading.current_thread() is not threading.main_thread():
                handled.wait(60)
        return record

    Journal.append = append_then_interrupt  # type: ignore[method-assign]
    orchestrate(sys.argv[2:])


if __name__ == "__main__":
    main()
