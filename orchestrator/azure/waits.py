"""Every wait the run does for Azure, bounded: per call, per long-running operation, per run.

azure-core waits out whatever `Retry-After` says (its RetryPolicy's own `timeout` defaults to
604800 s, seven days) and an LRO poller polls for as long as the operation says InProgress.
Here each wait goes through one `WaitBudget` (one per run: the run's control plane owns it),
which refuses a wait that would pass a cap, with the cap in the error:

- per call: one ARM/Graph request, its retries' back-off and `Retry-After` together;
- per operation: one long-running operation (a DELETE answered 202) or one provider
  registration, its polling included;
- per run: every Azure wait of the run together.

The sleep itself is injected (the HTTP transport's `sleep`, or the lab's virtual clock), so
tests never really sleep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import attrs
import tenacity

from orchestrator.errors import AzureWaitExceeded

log = logging.getLogger(__name__)

Sleep = Callable[[float], None]


@attrs.frozen
class WaitCaps:
    per_call_s: float = 120.0
    per_operation_s: float = 1800.0
    per_run_s: float = 3600.0
    poll_interval_s: float = 10.0  # when the service gives no Retry-After while polling


@attrs.define
class _Scope:
    kind: str  # "call" | "operation"
    label: str
    cap_s: float
    spent_s: float = 0.0


class WaitBudget:
    """The run's Azure waits. Thread-safe: worker threads share one control plane."""

    def __init__(self, caps: WaitCaps | None = None) -> None:
        self.caps = caps or WaitCaps()
        self.spent_s = 0.0
        self._lock = threading.Lock()
        self._local = threading.local()

    def _stack(self) -> list[_Scope]:
        stack: list[_Scope] | None = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    @contextmanager
    def scope(self, kind: str, label: str) -> Iterator[_Scope]:
        """A call or an operation in this thread; waits inside it count against its cap."""
        cap = self.caps.per_call_s if kind == "call" else self.caps.per_operation_s
        scope = _Scope(kind, label, cap)
        stack = self._stack()
        stack.append(scope)
        try:
            yield scope
        finally:
            stack.remove(scope)

    def wait(
        self, seconds: float, *, why: str, sleep: Sleep, scopes: Sequence[_Scope] = ()
    ) -> None:
        """Sleep `seconds` unless that passes a cap; then raise AzureWaitExceeded instead."""
        seconds = max(0.0, float(seconds))
        open_scopes = [*scopes, *(s for s in self._stack() if s not in scopes)]
        label = open_scopes[-1].label if open_scopes else "an Azure call"
        if not any(s.kind == "call" for s in open_scopes) and seconds > self.caps.per_call_s:
            # a wait outside a call of ours (a poller's request): one wait is one call's worth
            self._refuse(why, seconds, label, self.caps.per_call_s, "call", 0.0)
        for scope in open_scopes:
            if scope.spent_s + seconds > scope.cap_s:
                self._refuse(why, seconds, scope.label, scope.cap_s, scope.kind, scope.spent_s)
        with self._lock:
            if self.spent_s + seconds > self.caps.per_run_s:
                self._refuse(why, seconds, label, self.caps.per_run_s, "run", self.spent_s)
            self.spent_s += seconds
        for scope in open_scopes:
            scope.spent_s += seconds
        if seconds:
            sleep(seconds)

    @staticmethod
    def _refuse(why: str, seconds: float, label: str, cap: float, per: str, spent: float) -> None:
        raise AzureWaitExceeded(
            f"{why} asks for a wait of {seconds:g} s; with the {spent:g} s already waited that "
            f"passes the cap of {cap:g} s per {per}, so the run stops here instead of waiting. "
            "Try again later; Azure's state is unchanged by this stop",
            request=label,
        )


def _over_operation_cap(cap_s: float) -> Callable[[tenacity.RetryCallState], bool]:
    """Stop once the next sleep would pass the operation cap, measured in slept time (so it
    holds with a virtual sleep too)."""

    def stop(state: tenacity.RetryCallState) -> bool:
        return state.idle_for + state.upcoming_sleep > cap_s

    return stop


def wait_for(
    read: Callable[[], str],
    done: Callable[[str], bool],
    label: str,
    budget: WaitBudget,
    sleep: Sleep,
    *,
    hint: str = "",
) -> str:
    """Read a state until `done(state)`, polling every `poll_interval_s` (tenacity), bounded by
    the operation and run caps, with a progress line at every poll. Returns the final state;
    AzureWaitExceeded (the cap and the last state in it) when the cap comes first."""
    cap = budget.caps.per_operation_s
    with budget.scope("operation", label) as operation:

        def report(state: tenacity.RetryCallState) -> None:
            current = state.outcome.result() if state.outcome else "?"
            log.info("%s: %s; waited %g s of at most %g s", label, current, state.idle_for, cap)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_result(lambda value: not done(value)),
            wait=tenacity.wait_fixed(budget.caps.poll_interval_s),
            stop=_over_operation_cap(cap),
            sleep=lambda seconds: budget.wait(
                seconds, why=f"polling {label}", sleep=sleep, scopes=[operation]
            ),
            before_sleep=report,
        )
        try:
            state: str = retrying(read)
        except tenacity.RetryError as gave_up:
            last = gave_up.last_attempt.result()
            raise AzureWaitExceeded(
                f"{label}: still {last} after {operation.spent_s:g} s; the cap per operation is "
                f"{cap:g} s.{(' ' + hint) if hint else ''}",
                request=label,
            ) from None
    return state


def wait_until_registered(
    read_state: Callable[[], str], namespace: str, budget: WaitBudget, sleep: Sleep
) -> str:
    """Poll a resource provider's registrationState until it reads Registered.

    `POST .../providers/{ns}/register` only starts the registration: Microsoft.Resources
    answers with the provider, registrationState `Registering` (azure-rest-api-specs
    specification/resources/resource-manager/Microsoft.Resources/stable/2021-04-01,
    Providers_Register), and ARM refuses the namespace's resources until it reads `Registered`."""
    return wait_for(
        read_state,
        lambda state: state == "Registered",
        f"registration of {namespace}",
        budget,
        sleep,
        hint="Registration goes on in Azure by itself: run again later, or check with "
        f"Get-AzResourceProvider -ProviderNamespace {namespace}",
    )
