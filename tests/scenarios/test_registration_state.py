"""Issue 12.1 and 12.2 end to end: Get-AzureStackHCI as it is (no cloud, subscription or tenant)
and OutOfPolicy that is not a registration (never registered past 30 days, just unregistered)."""

from __future__ import annotations

from orchestrator.exitcodes import ExitCode
from tests.scenarios.support import assert_plans_no_change, new_lab, planned_changes, steps
from workflows.register import WORKFLOW as REGISTER
from workflows.unregister import WORKFLOW as UNREGISTER


def test_a_cluster_never_registered_past_30_days_is_registered(tmp_path) -> None:
    """C9: installed 31 days ago, never registered: RegistrationStatus OutOfPolicy with an empty
    AzureResourceUri. That is no registration: register must register it."""
    lab = new_lab(tmp_path, scenario="C9")
    assert lab.world.cluster.registration is None

    outcome = lab.run(REGISTER)

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["registration"] == "changed"
    assert lab.world.cluster.registration is not None
    assert lab.node("node1").mutations["register"] == 1
    assert_plans_no_change(lab, REGISTER)


def test_a_cluster_just_unregistered_can_be_registered_again(tmp_path) -> None:
    """Just unregistered: OutOfPolicy, empty AzureResourceUri. unregister finishes (a second
    plan changes nothing) and register registers it again."""
    lab = new_lab(tmp_path, scenario="E3")

    gone = lab.run(UNREGISTER)

    assert gone.exit_code is ExitCode.OK, gone.nodes[0].error
    assert lab.world.cluster.registration is None
    assert_plans_no_change(lab, UNREGISTER)
    again = lab.run(REGISTER)
    assert again.exit_code is ExitCode.OK, again.nodes[0].error
    assert lab.world.cluster.registration is not None
    assert lab.node("node1").mutations["unregister"] == 1


def test_the_b1_guard_says_how_cloud_and_tenant_were_compared(tmp_path) -> None:
    """The node records neither: the plan says Azure confirmed them (the recorded subscription
    answered in the inventory's cloud with the inventory's tenant)."""
    lab = new_lab(tmp_path, scenario="E3")

    plan = lab.plan(UNREGISTER)

    guard = next(s for s in plan["nodes"][0]["steps"] if s["step"] == "guard_registration")
    assert "cloud and tenant confirmed by Azure" in guard["reason"]
    assert ("node1", "unregister") in planned_changes(plan)
