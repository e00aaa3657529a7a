"""Retries of one step on one node: tenacity, for errors classified transient, nothing else.

`is_transient` is the single place that decides; today it reads the `transient` flag of the
error taxonomy (orchestrator/errors.py), later the failure catalog plugs in here.
"""

from __future__ import annotations

from collections.abc import Callable

import tenacity
from tenacity import RetryCallState

from orchestrator.engine.spec import RetryPolicy

Sleep = Callable[[float], None]
AttemptHook = Callable[[int, BaseException, float], None]


def is_transient(error: BaseException) -> bool:
    """May the same call succeed if simply tried again?

    The failure catalog decides first (AADTokenFetch retryable errors, AZCM codes, 429s, ...);
    an error it does not recognise falls back to its own `transient` flag, and anything else
    is not retried."""
    from orchestrator.catalog import is_retryable

    decision = is_retryable(error)
    if decision is not None:
        return decision
    return bool(getattr(error, "transient", False))


class _stop_when_idle_exceeds(tenacity.stop.stop_base):
    """The deadline measured in slept time, so it also holds when sleep is virtual (tests, lab)."""

    def __init__(self, max_delay: float) -> None:
        self.max_delay = max_delay

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.idle_for + retry_state.upcoming_sleep >= self.max_delay


def retrying(
    policy: RetryPolicy | None, *, sleep: Sleep, on_retry: AttemptHook
) -> tenacity.Retrying:
    """A fresh `Retrying` per (node, step): tenacity's statistics are not safe to share.

    `on_retry(attempt, error, sleep_s)` runs before each wait, so every failed attempt that is
    retried reaches the journal; the final error is re-raised unchanged (reraise=True).
    """
    if policy is None:
        return tenacity.Retrying(stop=tenacity.stop_after_attempt(1), reraise=True, sleep=sleep)

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        if error is not None:
            wait = state.next_action.sleep if state.next_action else 0.0
            on_retry(state.attempt_number, error, wait)

    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_transient),
        stop=(
            tenacity.stop_after_attempt(policy.attempts)
            | tenacity.stop_before_delay(policy.deadline_s)
            | _stop_when_idle_exceeds(policy.deadline_s)
        ),
        wait=tenacity.wait_exponential_jitter(
            multiplier=policy.initial_s, max=policy.max_wait_s, jitter=policy.jitter_s
        ),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
