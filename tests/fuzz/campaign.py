"""The fuzz campaign's knobs and oracles (issue 17: hostile input refused cleanly).

Seeded and reproducible: every property runs with `@seed(FUZZ_SEED)` and no example database,
so the same seed and the same code give the same inputs. A failure prints the seed (and
Hypothesis prints the falsifying example); `FUZZ_SEED=<n> pytest tests/fuzz` replays it.
`FUZZ_SCALE` multiplies every example count: 1 in CI (10,000 inputs in all), more under
`make soak-fuzz`.

Oracles, for every input: no internal error (anything but an InputError from the inventory
layer; no "internal error" or traceback from the CLI), a bad input is an error of one line
naming a field, no canary secret in any error or output, and no hang (a watchdog per input).
"""

from __future__ import annotations

import faulthandler
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, note, seed, settings

FUZZ_SEED = int(os.environ.get("FUZZ_SEED", "17017"))
FUZZ_SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
HANG_SECONDS = int(os.environ.get("FUZZ_HANG_SECONDS", "30"))  # a hang guard, not a speed target

# Looks like a secret (four kinds of characters): never to be repeated anywhere.
CANARY = "Cnry7!x$Q9-secret"
# Looks like a variable name: only ever placed where a secret belongs (password_env, ...).
NAME_CANARY = "Hunter2Canary"

F = TypeVar("F", bound=Callable[..., None])


def campaign(examples: int) -> Callable[[F], F]:
    """Hypothesis settings for one property of the campaign: `examples` inputs (times
    FUZZ_SCALE), the campaign's seed, no database, no deadline (the watchdog bounds time);
    marked `campaign` (CI's second step runs it: `pytest -m campaign`)."""

    def decorate(test: F) -> F:
        configured = settings(
            max_examples=max(1, int(examples * FUZZ_SCALE)),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
        )(test)
        return pytest.mark.campaign(seed(FUZZ_SEED)(configured))  # type: ignore[no-any-return]

    return decorate


class Hang(AssertionError):
    pass


@contextmanager
def watchdog(what: str) -> Iterator[None]:
    """Fail (not hang) when one input takes longer than HANG_SECONDS."""

    def expired(_signum: int, _frame: object) -> None:
        faulthandler.dump_traceback(all_threads=True)  # where each thread is stuck
        raise Hang(f"no answer within {HANG_SECONDS} s for {what} (FUZZ_SEED={FUZZ_SEED})")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def reproduce_with_seed() -> None:
    note(f"reproduce with: FUZZ_SEED={FUZZ_SEED} FUZZ_SCALE={FUZZ_SCALE:g} pytest tests/fuzz")


def assert_clean_input_error(text: str) -> None:
    """An input error as the CLI prints it after `error: `: one line, bounded, no canary."""
    assert "\n" not in text.strip(), text[:500]
    assert len(text) < 1500, text[:500]
    assert_no_canary(text)


def assert_no_canary(text: str) -> None:
    assert CANARY not in text, text[:2000]
    assert NAME_CANARY not in text, text[:2000]
