"""Every flow's happy path as a user runs it (`orchestrate VERB -i inventory.yaml`), through
the real pypsrp client to the WinRM/PSRP emulator and the real Azure client to the ARM/Graph
emulator; the lab's final state is read from the world both emulators serve."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orchestrator.transport.factory import connect
from tests.protocol.wire_lab import WireLab, doc_states

Make = Callable[..., WireLab]
BOTH_DONE = {"node1": "done", "node2": "done"}


def _agents(lab: WireLab) -> dict[str, str]:
    return {n.name: n.arc_agent.status for n in lab.world.ordered_nodes()}


def test_precheck_passes_a_healthy_unregistered_cluster_and_changes_nothing(
    wire_lab: Make,
) -> None:
    lab = wire_lab()
    result, doc = lab.run_cli("precheck")
    assert result.code == 0, result.err
    assert {r["status"] for r in doc["results"]} == {"pass"}
    assert any(r["check"].startswith("azure") or r["node"] == "azure" for r in doc["results"])
    assert lab.mutations("node1") == lab.mutations("node2") == {}


def test_prepare_starts_the_stopped_hcisvc_a1(wire_lab: Make) -> None:
    lab = wire_lab("A1")
    assert lab.world.node("node2").services["hcisvc"].running is False
    result, doc = lab.run_cli("prepare", "--yes")
    assert result.code == 0, result.err
    assert doc_states(doc) == BOTH_DONE
    assert lab.world.node("node2").services["hcisvc"].running is True
    assert lab.mutations("node2").get("start:hcisvc") == 1
    assert "start:hcisvc" not in lab.mutations("node1")


def test_register_registers_once_and_arc_enables_every_node(wire_lab: Make) -> None:
    lab = wire_lab()
    result, doc = lab.run_cli("register", "--yes")
    assert result.code == 0, result.err
    # a cluster flow: steps on the entry node, node2 reached through it (issue 15.4)
    assert doc_states(doc) == {"node1": "done", "node2": "done"}
    assert lab.world.cluster.registration is not None
    assert lab.mutations("node1")["register"] == 1
    assert _agents(lab) == {"node1": "Connected", "node2": "Connected"}
    connector = connect(lab.inventory)  # read back over ARM, as the portal would show it
    try:
        assert connector.azure().hci_cluster(lab.world.target.resource_group, "hci01") is not None
    finally:
        connector.close()


def test_repair_of_a_healthy_registered_cluster_changes_nothing(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    before = {n: lab.mutations(n) for n in ("node1", "node2")}
    result, doc = lab.run_cli("repair", "--yes")
    assert result.code == 0, result.err
    assert doc_states(doc) == {"node1": "done", "node2": "done"}  # node2 through node1
    after = {n: lab.mutations(n) for n in ("node1", "node2")}
    assert all(after[n].get("register") == before[n].get("register") for n in after)


def test_status_of_a_registered_cluster_is_clean(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    before = {n: lab.mutations(n) for n in ("node1", "node2")}
    result, _doc = lab.run_cli("status")
    assert result.code == 0, result.err
    assert {n: lab.mutations(n) for n in ("node1", "node2")} == before


def test_unregister_removes_the_registration_and_the_arc_agents(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    result, doc = lab.run_cli("unregister", "--yes")
    assert result.code == 0, result.err
    assert doc_states(doc) == {"node1": "done", "node2": "done"}  # node2 through node1
    assert lab.world.cluster.registration is None
    assert lab.mutations("node1")["unregister"] == 1
    assert _agents(lab) == {"node1": "Disconnected", "node2": "Disconnected"}


def test_arc_cleanup_disables_arc_integration_on_every_node(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    result, doc = lab.run_cli("arc-cleanup", "--yes")
    assert result.code == 0, result.err
    assert doc_states(doc) == BOTH_DONE
    assert all(lab.mutations(n)["arc:disable"] == 1 for n in ("node1", "node2"))
    assert _agents(lab) == {"node1": "Disconnected", "node2": "Disconnected"}


def test_arc_repair_of_healthy_arc_changes_nothing(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    before = {n: lab.mutations(n) for n in ("node1", "node2")}
    result, doc = lab.run_cli("arc-repair", "--yes", "--limit", "node2")
    assert result.code == 0, result.err
    assert doc_states(doc) == {"node2": "done"}
    assert {n: lab.mutations(n) for n in ("node1", "node2")} == before


def test_arc_onboard_connects_every_agent_with_a_service_principal(wire_lab: Make) -> None:
    lab = wire_lab("D2")  # D2's world has the onboarding service principal; its faults are input
    app_id = lab.onboarding_secret()
    result, doc = lab.run_cli("arc-onboard", "--yes", "--service-principal-id", app_id)
    assert result.code == 0, result.err
    assert doc_states(doc) == BOTH_DONE
    assert _agents(lab) == {"node1": "Connected", "node2": "Connected"}
    assert all(lab.mutations(n)["azcmagent:connect"] == 1 for n in ("node1", "node2"))


def test_arc_offboard_disconnects_every_agent(wire_lab: Make) -> None:
    lab = wire_lab(is_registered=True)
    result, doc = lab.run_cli("arc-offboard", "--yes")
    assert result.code == 0, result.err
    assert doc_states(doc) == BOTH_DONE
    assert _agents(lab) == {"node1": "Disconnected", "node2": "Disconnected"}
    assert all(lab.mutations(n)["azcmagent:disconnect"] == 1 for n in ("node1", "node2"))


def test_collect_logs_archives_every_nodes_logs(wire_lab: Make, tmp_path: Path) -> None:
    lab = wire_lab("E1")
    result, doc = lab.run_cli("collect-logs", "--out", str(tmp_path / "ev"))
    assert result.code == 0, result.err
    assert Path(doc["archive"]).is_file()
    assert {f["node"] for f in doc["files"] if f["file"]} >= {"node1"}
