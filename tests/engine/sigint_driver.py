"""Run `orchestrate ...` and send this process a real SIGINT right after journal record N
(or another signal: `N:TERM`).

python -m tests.engine.sigint_driver N[:SIGNAL] orchestrate-args...
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from orchestrator.cli import main as orchestrate
from orchestrator.engine.journal import Journal


def main() -> None:
    at, _, name = sys.argv[1].partition(":")
    interrupt_at = int(at)
    signum = getattr(signal, f"SIG{name or 'INT'}")
    # Every record passes through `append` (`write` is append + wait for the disk).
    append = Journal.append

    def append_then_interrupt(self: Journal, kind: str, **fields: Any) -> dict[str, Any]:
        record = append(self, kind, **fields)
        if record["seq"] == interrupt_at:
            os.kill(os.getpid(), signum)  # as if the operator pressed Ctrl-C (or CI cancelled)
        return record

    Journal.append = append_then_interrupt  # type: ignore[method-assign]
    orchestrate(sys.argv[2:])


if __name__ == "__main__":
    main()
