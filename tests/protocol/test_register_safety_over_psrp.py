"""A lost answer to a non-idempotent cmdlet must not make it run twice: the engine re-checks the
post-condition (Get-AzureStackHCI over the same wire) before it would call it again."""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.exitcodes import ExitCode
from orchestrator.lab.emulator import Drop
from tests.protocol.wire_lab import WireLab, doc_errors, doc_states, states

Make = Callable[..., WireLab]


def test_register_whose_answer_is_lost_after_it_landed_is_reconciled_not_repeated(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    lab.fault("node1", Drop("after"), cmdlet="Register-AzStackHCI")

    first = lab.run("register")

    # The cmdlet ran (the registration is real) but the answer never came: the run stops and
    # asks for a look rather than guessing - exit 5, the node's error says the connection broke.
    assert first.exit_code is ExitCode.REFUSED
    assert states(first) == {"node1": "needs_operator"}
    assert "connection broke" in (first.nodes[0].error or "")
    assert lab.world.cluster.registration is not None
    assert lab.mutations("node1")["register"] == 1

    assert first.run_id is not None
    again = lab.resume(first.run_id)

    # `orchestrate resume RUN`: the check sees the landed registration and calls nothing.
    assert again.exit_code is ExitCode.OK
    assert states(again) == {"node1": "done"}
    assert again.nodes[0].reports["registration"].outcome == "reconciled"
    assert lab.mutations("node1")["register"] == 1
    assert lab.slept == []


def test_what_the_user_sees_when_registers_answer_is_lost_then_runs_register_again(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    lab.fault("node1", Drop("after"), cmdlet="Register-AzStackHCI")

    first, doc = lab.run_cli("register", "--yes")

    assert first.code == 5  # needs an operator: the registration's fate was unknown
    # node2 is reached through node1, where the cluster step stopped (issue 15.4)
    assert doc_states(doc) == {"node1": "needs_operator", "node2": "needs_operator"}
    assert "TransientTransportError: node1: the connection broke" in doc_errors(doc)["node1"]
    assert "the change may have landed" in doc_errors(doc)["node1"]
    assert "resume re-checks it" in doc_errors(doc)["node1"]

    again, doc = lab.run_cli("register", "--yes")

    # Running the same command again: the check reads Get-AzureStackHCI, finds this resource
    # registered, and calls nothing (the same holds for `orchestrate resume RUN`).
    assert again.code == 0, again.err
    steps = {s["step"]: s["outcome"] for s in doc["nodes"][0]["steps"]}
    assert steps["registration"] == "no-op"
    assert lab.mutations("node1")["register"] == 1


def test_unregister_whose_answer_is_lost_after_it_landed_is_not_repeated(
    wire_lab: Make,
) -> None:
    lab = wire_lab(is_registered=True)
    lab.fault("node1", Drop("after"), cmdlet="Unregister-AzStackHCI")

    first = lab.run("unregister")

    # One-shot, like register: the answer was lost, so the run stops rather than call the cmdlet
    # again while the first call may still be running on the node.
    assert first.exit_code is ExitCode.REFUSED
    assert states(first) == {"node1": "needs_operator"}
    assert "the change may have landed" in (first.nodes[0].error or "")
    assert lab.world.cluster.registration is None
    assert lab.mutations("node1")["unregister"] == 1

    assert first.run_id is not None
    again = lab.resume(first.run_id)

    # resume re-checks: Get-AzureStackHCI says NotYet, so nothing is called again.
    assert again.exit_code is ExitCode.OK
    assert again.nodes[0].reports["unregister"].outcome == "reconciled"
    assert lab.mutations("node1")["unregister"] == 1
    assert lab.slept == []
