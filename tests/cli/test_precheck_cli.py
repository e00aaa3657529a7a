"""`orchestrate precheck` from the user's side: exit codes, streams, JSON, per-node outcomes."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, base_inventory


def test_healthy_lab_passes_with_exit_0_and_a_table(orchestrate):
    result = orchestrate("precheck", "-i", str(EXAMPLES / "lab-cluster.yaml"))
    assert result.code == 0, result.err
    assert "Pre-checks for cluster hci01 (4 nodes)" in result.out
    # 8 checks on each of 4 nodes, and 4 Azure checks once
    assert "40 pass, 0 warn, 0 fail" in result.out
    assert result.err == ""


def test_faulty_lab_reports_each_node_exactly_and_exits_1(orchestrate):
    result = orchestrate("precheck", "-i", str(EXAMPLES / "lab-faults.yaml"), "--output", "json")
    assert result.code == 1
    doc = json.loads(result.out)
    assert doc["format_version"] == 1
    assert doc["exit_code"] == 1
    outcome = {(r["node"], r["check"]): (r["status"], r["observed"]) for r in doc["results"]}
    subscription = "subscription 6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"
    healthy = {
        "reachability": ("pass", "connected; OS build 20348"),
        "os": ("pass", "Azure Stack HCI 21H2 (build 20348.2113, DisplayVersion 21H2)"),
        "service:hcisvc": ("pass", "Running"),
        "service:himds": ("pass", "Running"),
        "clock-skew": ("pass", "+0.0 s"),
        "connectivity": ("pass", "8 endpoints reachable (direct)"),
        "arc-agent": ("pass", "agent Disconnected"),
        "arc-machine-name": ("pass", "no machine with this name"),
    }
    expected = {
        ("node1", "registration-target"): ("pass", "not registered yet"),
        (subscription, "azure-permissions"): ("pass", "all required actions allowed"),
        (subscription, "resource-providers"): ("pass", "all registered"),
        (subscription, "region"): ("pass", "East US offered"),
        **{
            (node, check): seen
            for node in ("node1", "node2", "node3")
            for check, seen in healthy.items()
        },
        ("node1", "double-hop"): ("pass", "node1 -> localhost, node1 -> hci01.contoso.local"),
        ("node2", "double-hop"): ("pass", "node1 -> node2.contoso.local"),
        ("node3", "double-hop"): ("pass", "node1 -> node3.contoso.local"),
        ("node2", "service:hcisvc"): ("fail", "Stopped"),
        ("node3", "clock-skew"): ("fail", "+420.0 s"),
        ("node4", "reachability"): ("fail", "unreachable: WinRM cannot complete the operation"),
        **{
            ("node4", check): ("skipped", "node unreachable")
            for check in (*healthy, "double-hop")
            if check != "reachability"
        },
    }
    assert outcome == expected
    assert doc["summary"] == {"pass": 29, "warn": 0, "fail": 3, "skipped": 8}
    by_key = {(r["node"], r["check"]): r for r in doc["results"]}
    assert "Start-Service -Name hcisvc" in by_key[("node2", "service:hcisvc")]["remediation"]
    assert "w32tm /resync" in by_key[("node3", "clock-skew")]["remediation"]
    assert (
        "New-PSSession -ComputerName node4.contoso.local"
        in by_key[("node4", "reachability")]["remediation"]
    )
    assert by_key[("node1", "clock-skew")]["remediation"] is None


def test_text_output_lists_remediations_under_the_table(orchestrate):
    result = orchestrate("precheck", "-i", str(EXAMPLES / "lab-faults.yaml"))
    assert result.code == 1
    assert "What to do:" in result.out
    assert "[1] node2 / service:hcisvc: Start it on node2" in result.out
    assert "29 pass, 0 warn, 3 fail, 8 skipped" in result.out


def test_skew_between_thresholds_warns_and_exits_0(orchestrate, write_inventory):
    data = base_inventory()
    data["lab"]["nodes"] = {"node2": {"clock_offset_s": -90}}
    result = orchestrate("precheck", "-i", str(write_inventory(data)), "--output", "json")
    assert result.code == 0
    skew = next(
        r
        for r in json.loads(result.out)["results"]
        if r["node"] == "node2" and r["check"] == "clock-skew"
    )
    assert (skew["status"], skew["observed"]) == ("warn", "-90.0 s")
    assert "w32tm" in skew["remediation"]


def test_thresholds_are_configurable(orchestrate, write_inventory):
    data = base_inventory()
    data["lab"]["nodes"] = {"node1": {"clock_offset_s": 30}}
    path = str(write_inventory(data))
    strict = orchestrate(
        "precheck", "-i", path, "--clock-warn-seconds", "5", "--clock-fail-seconds", "20"
    )
    assert strict.code == 1
    assert (
        orchestrate(
            "precheck", "-i", path, "--clock-warn-seconds", "25", "--clock-fail-seconds", "31"
        ).code
        == 0
    )


def test_warn_threshold_above_fail_threshold_is_a_usage_error(orchestrate):
    result = orchestrate(
        "precheck", "-i", str(EXAMPLES / "lab-cluster.yaml"), "--clock-warn-seconds", "400"
    )
    assert result.code == 2
    assert "--clock-warn-seconds" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_limit_targets_only_named_nodes(orchestrate):
    result = orchestrate(
        "precheck",
        "-i",
        str(EXAMPLES / "lab-faults.yaml"),
        "--limit",
        "node1,node3",
        "--output",
        "json",
    )
    results = json.loads(result.out)["results"]
    # the Azure checks run once whatever the limit (on the subscription and the entry node)
    nodes = {r["node"] for r in results if r["check"] != "registration-target"}
    assert nodes == {"node1", "node3", "subscription 6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"}
    assert result.code == 1  # node3's clock still fails


def test_limit_with_unknown_node_is_exit_2_naming_the_nodes(orchestrate):
    result = orchestrate("precheck", "-i", str(EXAMPLES / "lab-cluster.yaml"), "--limit", "node9")
    assert result.code == 2
    assert (
        "--limit: node9 matches no node of cluster hci01; its nodes are: node1, node2, node3, "
        "node4" in result.err
    )


def test_json_output_has_only_json_on_stdout_even_when_verbose(orchestrate):
    result = orchestrate(
        "-vv", "precheck", "-i", str(EXAMPLES / "lab-faults.yaml"), "--output", "json"
    )
    json.loads(result.out)  # the whole of stdout is one document


def test_unknown_output_format_is_a_usage_error(orchestrate):
    result = orchestrate("precheck", "-i", str(EXAMPLES / "lab-cluster.yaml"), "--output", "yaml")
    assert result.code == 2
    assert "'yaml' is not one of 'text', 'json'" in result.err


def test_progress_obeys_the_off_switch(monkeypatch):
    """The live view and the pipeline lines alike (tests/cli/test_live_progress.py)."""
    from orchestrator import live_progress

    monkeypatch.delenv("ORCHESTRATE_PROGRESS", raising=False)
    assert live_progress.progress_off() is False
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    assert live_progress.progress_off() is True
