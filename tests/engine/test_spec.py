"""The workflow vocabulary: what a declaration may say, and when the fingerprint moves."""

from __future__ import annotations

import pytest

from orchestrator.engine.spec import (
    TRANSIENT,
    Change,
    ChangeKind,
    RetryPolicy,
    StepSpec,
    Workflow,
    WorkflowError,
)
from tests.engine.fakes import SetValue, Store


def flow(*specs: StepSpec, version: int = 1) -> Workflow:
    return Workflow("t", version, "test flow", steps=specs)


def test_retry_policy_on_a_non_idempotent_step_is_rejected_at_load():
    with pytest.raises(WorkflowError, match="step a: a retry policy on a non-idempotent step"):
        StepSpec(SetValue(Store(), "a"), retry=TRANSIENT, idempotent=False)


def test_a_non_idempotent_step_without_retries_is_accepted():
    assert StepSpec(SetValue(Store(), "a"), idempotent=False).retry is None


def test_step_ids_must_be_state_names_and_unique():
    with pytest.raises(WorkflowError, match="lower-case letters"):
        StepSpec(SetValue(Store(), "Start-Service"))
    with pytest.raises(WorkflowError, match="'a' is used twice"):
        flow(StepSpec(SetValue(Store(), "a")), StepSpec(SetValue(Store(), "a")))


def test_retry_policy_values_are_validated():
    with pytest.raises(WorkflowError, match="attempts must be positive"):
        RetryPolicy(attempts=0)


def test_fingerprint_moves_with_version_step_order_and_step_version_only():
    store = Store()
    a, b = StepSpec(SetValue(store, "a")), StepSpec(SetValue(store, "b"))
    base = flow(a, b).fingerprint
    assert flow(a, b).fingerprint == base  # stable: a value, not an identity
    assert flow(StepSpec(SetValue(Store(), "a", want="x")), b).fingerprint == base  # params aside
    assert flow(b, a).fingerprint != base
    assert flow(a, b, version=2).fingerprint != base
    assert flow(StepSpec(SetValue(store, "a", version=2)), b).fingerprint != base


def test_change_round_trips_through_json():
    change = Change.change("Stopped", "Running", "hcisvc is stopped")
    assert change.to_json() == {
        "action": "change",
        "before": "Stopped",
        "after": "Running",
        "reason": "hcisvc is stopped",
    }
    assert Change.from_json(change.to_json()) == change
    assert Change.no_op("fine", current=3).before == "3"
    assert Change.unknown("depends on an earlier step").kind is ChangeKind.UNKNOWN
