"""Cluster flows (steps once, on the entry node) and cluster pre-checks (once, blocking all)."""

from __future__ import annotations

import attrs
import pytest

from orchestrator.checks import ReachabilityCheck, ServiceRunningCheck
from orchestrator.checks.base import CheckResult, Status
from orchestrator.engine.api import make_plan
from orchestrator.engine.runner import Engine, Mode, RunSettings
from orchestrator.engine.spec import Change, StepContext, StepSpec, Workflow
from orchestrator.errors import AzureTransientError, InputError
from orchestrator.exitcodes import ExitCode
from orchestrator.transport.base import Command
from tests.engine.fakes import SetValue, Store, lab


@attrs.frozen
class AzureSays:
    """A cluster pre-check with a scripted answer (or a scripted Azure failure)."""

    status: Status
    raises: Exception | None = None
    name: str = "azure-thing"

    def evaluate(self, connector):
        if self.raises is not None:
            raise self.raises
        return [CheckResult("azure", self.name, self.status, f"looked: {self.status.value}")]


@attrs.frozen
class TouchEveryNode:
    """A cluster step that reaches the other nodes through ctx.open (as Register-AzStackHCI does)."""

    store: Store
    id: str = "touch"
    version: int = 1
    title: str = "every node touched"

    def check(self, ctx: StepContext) -> Change:
        names = [n.name for n in ctx.run.inventory.cluster.nodes]
        missing = [n for n in names if self.store.values[n].get("touched") != "yes"]
        return (
            Change.change(",".join(missing), "all", "not yet") if missing else Change.no_op("done")
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        for name in ctx.run.inventory.cluster.nodes:
            result = ctx.open(name.name).run(Command.cmdlet("Get-Service", Name="hcisvc"))
            assert not result.failed
            self.store.values[name.name]["touched"] = "yes"
            self.store.applies[(ctx.node, name.name)] += 1


def _cluster_flow(store: Store, *cluster_checks) -> Workflow:
    return Workflow(
        "c",
        1,
        "cluster flow",
        prechecks=(ReachabilityCheck(), ServiceRunningCheck("hcisvc")),
        steps=(StepSpec(SetValue(store, "a")), StepSpec(TouchEveryNode(store))),
        cluster_prechecks=cluster_checks,
        scope="cluster",
    )


def test_cluster_steps_run_once_on_the_entry_node_after_every_node_is_prechecked():
    store = Store()
    inventory, connector = lab()
    outcome = Engine(_cluster_flow(store), connector, inventory.cluster.nodes, RunSettings()).run()
    assert outcome.exit_code is ExitCode.OK
    assert [r.name for r in outcome.nodes] == ["node1"]
    assert dict(store.applies) == {
        ("node1", "a"): 1,
        **{("node1", f"node{i}"): 1 for i in range(1, 5)},
    }
    checked = {(r.node, r.check) for r in outcome.precheck_results}
    assert checked == {
        (f"node{i}", c) for i in range(1, 5) for c in ("reachability", "service:hcisvc")
    }


def test_a_failed_precheck_on_another_node_blocks_the_cluster_flow_before_any_change():
    store = Store()
    inventory, connector = lab("lab-faults.yaml")
    outcome = Engine(_cluster_flow(store), connector, inventory.cluster.nodes, RunSettings()).run()
    assert outcome.exit_code is ExitCode.FAILED
    assert not store.applies
    # the entry node (node1) is blocked by the others' failures, each named with its node
    assert "node2/service:hcisvc: Stopped" in outcome.nodes[0].error
    assert "node4/reachability: unreachable" in outcome.nodes[0].error


def test_cluster_prechecks_run_once_and_a_failure_blocks_every_node():
    store = Store()
    inventory, connector = lab()
    flow = Workflow(
        "n",
        1,
        "node flow",
        steps=(StepSpec(SetValue(store, "a")),),
        cluster_prechecks=(AzureSays(Status.FAIL),),
    )
    outcome = Engine(flow, connector, inventory.cluster.nodes, RunSettings()).run()
    assert outcome.exit_code is ExitCode.FAILED
    assert all(r.state == "failed" for r in outcome.nodes)
    assert not store.applies
    azure = [r for r in outcome.precheck_results if r.node == "azure"]
    assert [(r.check, r.status.value) for r in azure] == [("azure-thing", "fail")]


def test_an_azure_error_inside_a_cluster_precheck_is_a_failed_check():
    inventory, connector = lab()
    flow = Workflow(
        "n",
        1,
        "x",
        steps=(StepSpec(SetValue(Store(), "a")),),
        cluster_prechecks=(
            AzureSays(Status.PASS, AzureTransientError(503, "ServiceUnavailable", "busy")),
        ),
    )
    outcome = Engine(flow, connector, inventory.cluster.nodes, RunSettings()).run()
    assert outcome.exit_code is ExitCode.FAILED
    assert outcome.precheck_results[0].observed == "ServiceUnavailable: busy"


def test_the_plan_of_a_cluster_flow_lists_the_entry_steps_and_the_prechecked_nodes():
    store = Store()
    inventory, connector = lab()
    doc = make_plan(
        _cluster_flow(store, AzureSays(Status.WARN)),
        inventory,
        inventory.cluster.nodes,
        RunSettings(mode=Mode.PLAN),
        connector=connector,
    )
    assert doc["scope"] == "cluster"
    assert [(n["node"], n["status"]) for n in doc["nodes"]] == [
        ("node1", "planned"),
        ("node2", "prechecked"),
        ("node3", "prechecked"),
        ("node4", "prechecked"),
    ]
    assert [s["step"] for s in doc["nodes"][0]["steps"]] == ["a", "touch"]
    assert doc["cluster_prechecks"][0]["status"] == "warn"
    assert not store.applies


def test_azure_without_an_azure_section_says_what_to_add():
    inventory, connector = lab()
    bare = attrs.evolve(connector, inventory=attrs.evolve(inventory, azure=None))
    with pytest.raises(InputError, match="add the azure section"):
        bare.azure()


def test_cluster_scope_changes_the_fingerprint():
    store = Store()
    node_flow = attrs.evolve(_cluster_flow(store), scope="node")
    assert node_flow.fingerprint != _cluster_flow(store).fingerprint
