"""Pre-checks that fan out (issue 16.5): a node's endpoints probed at once in one remote call, and
the double hop from the entry node opened for every node in one call instead of one per node."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from orchestrator.checks.connectivity import NODE_ENDPOINTS
from orchestrator.clouds import clouds
from orchestrator.facts.network import Reach, https_probe, https_probes
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO
from tests.lab.helpers import make_world
from tests.scenarios.support import commands_per_node, new_lab
from workflows.register import WORKFLOW

HOSTS = list(dict.fromkeys(clouds()["AzureCloud"].endpoints[key] for key in NODE_ENDPOINTS))


def test_a_node_probes_all_its_endpoints_in_one_remote_call(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    seen = commands_per_node(lab)

    lab.checks("precheck")

    for node in ("node1", "node2", "node3", "node4"):
        names = Counter(c.name for c in seen[node])
        assert names["Invoke-WebRequest"] == 0, node
        assert names[HTTPS_PROBES.name] == 1, node
        (probe,) = [c for c in seen[node] if c.name == HTTPS_PROBES.name]
        assert probe.script == HTTPS_PROBES.text  # the fixed text; the hosts are a parameter
        assert probe.param("Uri") == tuple(f"https://{h}" for h in HOSTS)


def test_the_one_call_still_names_each_blocked_host_and_its_cause(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    node = lab.node("node3")
    node.endpoints["gbl.his.arc.azure.com"] = "dns_failure"
    node.endpoints["management.azure.com"] = "tls_inspection"
    node.endpoints["pas.windows.net"] = "firewall_drop"

    result = lab.checks("precheck")[("node3", "connectivity")]

    assert result.status.value == "fail"
    assert result.observed == (
        "tls: management.azure.com; firewall: pas.windows.net; dns: gbl.his.arc.azure.com (direct)"
    )


@pytest.mark.parametrize(
    ("state", "proxy", "reach"),
    [
        ("ok", "", Reach.OK),
        ("dns_failure", "", Reach.DNS),
        ("firewall_drop", "", Reach.FIREWALL),
        ("proxy_required", "", Reach.PROXY),
        ("proxy_required", "http://proxy.contoso.local:3128", Reach.OK),
        ("tls_inspection", "", Reach.TLS),
    ],
)
def test_the_script_answers_each_endpoint_as_its_own_invoke_web_request_would(
    state: str, proxy: str, reach: Reach
) -> None:
    world = make_world(nodes=1)
    world.node("node1").endpoints["management.azure.com"] = state
    session = LabTransport(world).open("node1")

    together = https_probes(session, ["login.microsoftonline.com", "management.azure.com"], proxy)
    alone = https_probe(session, "management.azure.com", proxy or None)

    assert [p.reach for p in together] == [Reach.OK, reach]
    assert together[1] == alone  # same classification, same detail text


def test_the_entry_node_opens_every_nodes_double_hop_session_in_one_call(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    seen = commands_per_node(lab)

    results = lab.checks("precheck")

    names = [c.name for c in seen["node1"]]
    assert "New-PSSession" not in names
    assert "Remove-PSSession" not in names
    # one per node before issue 16.5 (the rows queued on node1); one call that also removes
    # the sessions and reads each node's OS in them since issue 16 (SESSIONS_OS_INFO)
    opened = [c for c in seen["node1"] if c.name == SESSIONS_OS_INFO.name]
    assert len(opened) == 1
    assert opened[0].script == SESSIONS_OS_INFO.text
    assert opened[0].param("ComputerName") == (
        "localhost",
        "hci01.contoso.local",
        "node2.contoso.local",
        "node3.contoso.local",
        "node4.contoso.local",
    )
    assert [c.name for c in seen["node1"]].count("Get-Cluster") <= 2  # not once per node
    assert results[("node3", "double-hop")].observed == "node1 -> node3.contoso.local"
    assert lab.node("node1").open_sessions == 0


def test_one_nodes_denied_double_hop_fails_only_its_own_row(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    lab.node("node4").reachable = False  # from the entry node too

    outcome = lab.run(WORKFLOW)

    results = {(r.node, r.check): r for r in outcome.precheck_results}
    assert results[("node2", "double-hop")].status.value == "pass"
    assert results[("node1", "double-hop")].status.value == "pass"
    assert results[("node4", "double-hop")].status.value != "pass"


def test_the_next_run_on_the_same_connector_probes_the_double_hop_again(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    lab.node("node1").delegation = None
    denied = lab.checks("precheck")
    lab.node("node1").delegation = "credssp"  # the operator fixed it

    allowed = lab.checks("precheck")

    assert denied[("node2", "double-hop")].status.value == "fail"
    assert allowed[("node2", "double-hop")].status.value == "pass"
