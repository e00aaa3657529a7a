"""Bad input that was not refused cleanly (issue 17, defect 9): internal errors (exit 1) for
odd shapes, and input errors found only after the run was journaled and locked, which left an
"incomplete" run behind. Each is now exit 2, one line naming the field, nothing journaled."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CliResult, base_inventory

AZURE = base_inventory()["azure"]


def _refused(result: CliResult, field: str) -> str:
    assert result.code == 2, (result.code, result.err[:500])
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err[:500]
    assert f"{field}: " in lines[0], lines[0]
    return lines[0]


def _ansible(cluster_group: dict[str, Any]) -> dict[str, Any]:
    return {"all": {"children": {"hci01": cluster_group}}}


GOOD_GROUP = {
    "hosts": {"node1": None, "node2": None},
    "vars": {"hci_cluster_name": "hci01", "hci_transport": "lab"},
}

ANSIBLE_SHAPES = {
    "hosts as a list": (_ansible({**GOOD_GROUP, "hosts": ["node1"]}), "hci01.hosts"),
    "host vars as text": (
        _ansible({**GOOD_GROUP, "hosts": {"node1": "ansible_host=10.0.0.1"}}),
        "hci01.hosts.node1",
    ),
    "vars as a list": (_ansible({**GOOD_GROUP, "vars": [{"hci_cluster_name": "x"}]}), "hci01.vars"),
    "children as a list": (
        {"all": {"children": ["hci01"]}},
        "all.children",
    ),
    "a group as a number": ({"all": {"children": {"hci01": 5}}}, "hci01"),
    "a variable named by a number": (
        _ansible({**GOOD_GROUP, "vars": {**GOOD_GROUP["vars"], 7: "x"}}),
        "hci01.vars",
    ),
    "json group as a list": ({"_meta": {"hostvars": {}}, "hci01": ["node1"]}, "hci01"),
    "json hosts as a mapping of numbers": (
        {"_meta": {"hostvars": {}}, "hci01": {"hosts": 5}},
        "hci01.hosts",
    ),
    "json hostvars as a list": ({"_meta": {"hostvars": ["node1"]}}, "_meta.hostvars"),
    "json meta as text": ({"_meta": "x", "all": {}}, "_meta"),
}


@pytest.mark.parametrize(("data", "field"), ANSIBLE_SHAPES.values(), ids=ANSIBLE_SHAPES.keys())
def test_the_ansible_converter_checks_types(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    data: dict[str, Any],
    field: str,
) -> None:
    _refused(orchestrate("precheck", "-i", str(write_inventory(data))), field)


def _json_inventory(groups: dict[str, Any]) -> dict[str, Any]:
    return {
        "_meta": {"hostvars": {"node1": {"hci_cluster_name": "hci01", "hci_transport": "lab"}}},
        **groups,
    }


def test_a_deep_chain_of_json_groups_is_no_recursion_error(
    orchestrate: Callable[..., CliResult], write_inventory: Callable[[Any], Path]
) -> None:
    groups = {f"g{i}": {"children": [f"g{i + 1}"]} for i in range(3000)}
    groups["all"] = {"children": ["g0"]}
    groups["g3000"] = {"hosts": ["node1"], "vars": {"hci_cluster_name": "hci01"}}
    path = write_inventory(json.dumps(_json_inventory(groups)))
    result = orchestrate("precheck", "-i", str(path), "--output", "json")
    assert result.code == 0, result.err[:500]


def test_a_diamond_of_json_groups_is_walked_once_per_group(
    orchestrate: Callable[..., CliResult], write_inventory: Callable[[Any], Path]
) -> None:
    # 40 levels of two groups, each listing both groups of the next level: 2**40 paths to walk
    # before the group that holds the hosts, when each path is walked on its own
    groups: dict[str, Any] = {
        f"l{i}{side}": {"children": [f"l{i + 1}a", f"l{i + 1}b"]}
        for i in range(40)
        for side in "ab"
    }
    groups["target"] = {"hosts": ["node1", "node2"]}
    groups["hci"] = {"children": ["l0a", "target"], "vars": {"hci_cluster_name": "hci01"}}
    groups["all"] = {"children": ["hci"]}
    data = {"_meta": {"hostvars": {n: {"hci_transport": "lab"} for n in ("node1", "node2")}}}
    path = write_inventory(json.dumps({**data, **groups}))
    result = orchestrate("precheck", "-i", str(path), "--output", "json")
    assert result.code == 0, result.err[:500]
    assert {r["node"] for r in json.loads(result.out)["results"]} >= {"node1", "node2"}


@pytest.mark.parametrize(
    ("section", "value", "field"),
    [
        ("azure", {**AZURE, "tags": -1}, "azure.tags"),
        ("azure", {**AZURE, "tags": {None: "x"}}, "azure.tags.None"),
        ("lab", {"seed": 7, "nodes": 5}, "lab.nodes"),
        ("lab", {"seed": 7, "nodes": [5]}, "lab.nodes"),
    ],
    ids=["tags -1", "tags with a null key", "lab.nodes 5", "lab.nodes a list"],
)
def test_odd_shapes_of_free_mappings_are_input_errors(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    section: str,
    value: Any,
    field: str,
) -> None:
    data = base_inventory()
    data[section] = value
    text = yaml.safe_dump(data, sort_keys=False)
    _refused(orchestrate("precheck", "-i", str(write_inventory(text))), field)


def _runs(state: Path) -> list[Path]:
    return sorted((state / "runs").glob("*")) if (state / "runs").is_dir() else []


@pytest.mark.parametrize("verb", ["register", "repair"])
def test_a_flow_needing_azure_without_it_is_refused_before_the_journal(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    tmp_path: Path,
    verb: str,
) -> None:
    data = base_inventory()
    del data["azure"]
    path = str(write_inventory(data))
    state = tmp_path / "s"
    _refused(orchestrate("--state-dir", str(state), verb, "-i", path, "--yes"), "azure")
    _refused(orchestrate("--state-dir", str(state), verb, "-i", path, "--dry-run"), "azure")
    assert _runs(state) == []


def test_a_state_dir_nothing_can_be_written_in_is_refused(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    from tests.conftest import EXAMPLES

    inventory = str(EXAMPLES / "lab-cluster.yaml")
    line = _refused(
        orchestrate("--state-dir", "/proc/self", "prepare", "-i", inventory, "--yes"), "--state-dir"
    )
    assert "give a writable directory" in line


def _psrp_inventory(**connection: Any) -> dict[str, Any]:
    data = base_inventory()
    del data["lab"]
    data["cluster"]["nodes"] = [{"name": "node1", "host": "127.0.0.1", "port": 1}]
    del data["cluster"]["cmdlet_host"]
    data["connection"] = {"transport": "psrp", "auth": "ntlm", "username": "admin", **connection}
    return data


@pytest.mark.parametrize(
    ("connection", "azure", "env", "field"),
    [
        ({"password_env": "HCI_TEST_PASSWORD"}, {}, {}, "connection.password_env"),
        (
            {"password_env": "HCI_TEST_PASSWORD"},
            {"credential": "token_env:HCI_TEST_TOKEN"},
            {"HCI_TEST_PASSWORD": "pw"},
            "azure.credential",
        ),
        (
            {"password_env": "HCI_TEST_PASSWORD"},
            {"credential": "environment"},
            {"HCI_TEST_PASSWORD": "pw"},
            "azure.credential",
        ),
    ],
    ids=["password variable", "token variable", "service principal variables"],
)
def test_credentials_named_but_absent_are_refused_before_the_journal(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    connection: dict[str, Any],
    azure: dict[str, Any],
    env: dict[str, str],
    field: str,
) -> None:
    for name in ("HCI_TEST_PASSWORD", "HCI_TEST_TOKEN", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    data = _psrp_inventory(**connection)
    data["azure"].update(azure)
    state = tmp_path / "s"
    result = orchestrate(
        "--state-dir", str(state), "register", "-i", str(write_inventory(data)), "--yes"
    )
    _refused(result, field)
    assert _runs(state) == []  # no "incomplete" run to resume


@pytest.mark.parametrize("verb", ["unregister", "arc-repair --limit node1", "arc-offboard"])
def test_flows_that_call_azure_from_their_steps_check_its_credential_first(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    verb: str,
) -> None:
    monkeypatch.setenv("HCI_TEST_PASSWORD", "pw")
    monkeypatch.delenv("HCI_TEST_TOKEN", raising=False)
    data = _psrp_inventory(password_env="HCI_TEST_PASSWORD")
    data["azure"]["credential"] = "token_env:HCI_TEST_TOKEN"
    state = tmp_path / "s"
    path = str(write_inventory(data))
    result = orchestrate("--state-dir", str(state), *verb.split(), "-i", path, "--yes")
    _refused(result, "azure.credential")
    assert _runs(state) == []
