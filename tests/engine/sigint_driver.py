"""Run `orchestrate prepare` and send this process a real SIGINT right after journal record N.

python -m tests.engine.sigint_driver N orchestrate-args...
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from orchestrator.cli import main as orchestrate
from orchestrator.engine.journal import Journal


def main() -> None:
    interrupt_at = int(sys.argv[1])
    write = Journal.write

    def write_then_interrupt(self: Journal, kind: str, **fields: Any) -> dict[str, Any]:
        record = write(self, kind, **fields)
        if record["seq"] == interrupt_at:
            os.kill(os.getpid(), signal.SIGINT)  # as if the operator pressed Ctrl-C
        return record

    Journal.write = write_then_interrupt  # type: ignore[method-assign]
    orchestrate(sys.argv[2:])


if __name__ == "__main__":
    main()
