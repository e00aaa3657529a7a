"""Armed fault rules, consumed as they strike: shared by the WinRM and the ARM emulators."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

import attrs


class CountedRule(Protocol):
    @property
    def times(self) -> int: ...


R = TypeVar("R", bound=CountedRule)


@attrs.define
class _Armed(Generic[R]):
    rule: R
    remaining: int


class FaultPlan(Generic[R]):
    """Rules added with `add` strike `rule.times` times each, first match first; `struck`
    records every rule that fired (tests assert on it)."""

    def __init__(self) -> None:
        self._armed: list[_Armed[R]] = []
        self._lock = threading.Lock()
        self.struck: list[R] = []

    def add(self, rule: R) -> None:
        with self._lock:
            self._armed.append(_Armed(rule, rule.times))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def strike(self, matches: Callable[[R], bool]) -> R | None:
        """The first armed rule that matches, used up by one; None when none does."""
        with self._lock:
            for armed in self._armed:
                if not matches(armed.rule):
                    continue
                armed.remaining -= 1
                if not armed.remaining:
                    self._armed.remove(armed)
                self.struck.append(armed.rule)
                return armed.rule
        return None
