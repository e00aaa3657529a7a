"""Virtual time for the lab: deterministic, and 'sleeping' advances it instead of waiting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# A fixed epoch keeps every lab run (and its outputs) reproducible.
LAB_EPOCH = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)


class VirtualClock:
    def __init__(self, start: datetime = LAB_EPOCH) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("virtual time only moves forward")
        with self._lock:
            self._now += timedelta(seconds=seconds)

    # tenacity-compatible: tests and the lab inject this so retries never really sleep
    sleep = advance
