"""Hostile inventories (issue 17, defects 6 and 7): alias bombs and deep nesting are refused
before any object is built, and no input error repeats a secret or an unbounded value."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, CliResult, base_inventory

SECRET = "Sup3r-S3cret!x"
NAME_LIKE_SECRET = "Hunter2Secret"


def _refused(result: CliResult, *fragments: str) -> str:
    assert result.code == 2, (result.code, result.err[:500])
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err[:500]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def laughs(levels: int, *, merge: bool = False) -> str:
    """`levels` anchors, each nine aliases of the one before, all under cluster.name."""
    if merge:
        parts = ['&a0 {k: "lol"}']
        parts += [
            f"&a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 9)}], k{i}: x}}" for i in range(1, levels)
        ]
    else:
        parts = ["&a0 [" + ", ".join(['"lol"'] * 9) + "]"]
        parts += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "cluster:\n  nodes: [{name: node1}]\n  name: [" + ", ".join(parts) + "]\n"


def test_an_alias_bomb_is_refused_naming_where_before_it_is_expanded(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(laughs(6))  # 9**6 items: before the fix, rendered into the error message
    line = _refused(orchestrate("precheck", "-i", str(path)), "line 3, column", "aliases")
    assert "lol" not in line
    assert len(line) < 300


def test_a_merge_key_bomb_is_refused(orchestrate: Callable[..., CliResult], tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(laughs(6, merge=True))
    _refused(orchestrate("precheck", "-i", str(path)), "aliases")


def _limit_memory() -> None:
    limit = 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.slow
def test_nine_levels_under_1kb_neither_hang_nor_eat_memory(tmp_path: Path) -> None:
    """The issue's reproduction, in a real process with 1 GB of address space: before the fix
    it ran past 20 s and 3 GB; the bound below is a hang guard, not a speed target."""
    text = laughs(9)
    assert len(text.encode()) < 1024
    path = tmp_path / "bomb.yaml"
    path.write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "orchestrator", "precheck", "-i", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert "aliases" in done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "cluster: " + "[" * 2000 + "]" * 2000 + "\n",
        "cluster: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
        "cluster:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 300)),
    ],
    ids=["brackets", "braces", "indentation"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(
    orchestrate: Callable[..., CliResult], tmp_path: Path, text: str
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    _refused(orchestrate("precheck", "-i", str(path)), "nested more than")


def test_a_recursive_alias_is_refused(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("cluster: &c {name: hci01, nodes: [*c]}\n")
    _refused(orchestrate("precheck", "-i", str(path)), "its own anchor")


def test_a_few_aliases_in_an_ordinary_inventory_still_work(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "cluster:\n  name: hci01\n  nodes:\n"
        "    - &n {name: node1, port: 5986}\n    - {<<: *n, name: node2}\n"
        "connection: {transport: lab}\nlab: {seed: 7}\n"
    )
    result = orchestrate("precheck", "-i", str(path), "--output", "json")
    assert result.code == 0, result.err


def test_a_big_value_is_described_never_rendered(
    orchestrate: Callable[..., CliResult], write_inventory: Callable[[Any], Path]
) -> None:
    data = base_inventory()
    data["cluster"]["name"] = ["node"] * 50_000
    # written with libyaml's emitter when there is one (pure Python takes seconds for this)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False)
    line = _refused(orchestrate("precheck", "-i", str(write_inventory(text))), "cluster.name")
    assert "a list: expected a text value" in line


# --- defect 7: secrets in input errors ------------------------------------------------------


def _ansible(host_vars: dict[str, Any], group_vars: dict[str, Any] | None = None) -> str:
    group = {
        "hosts": {"node1": host_vars},
        "vars": {"hci_cluster_name": "hci01", "hci_transport": "lab", **(group_vars or {})},
    }
    return yaml.safe_dump({"all": {"children": {"hci01": group}}})


def _inventory_with(**sections: Any) -> dict[str, Any]:
    data = base_inventory()
    data.update(sections)
    return data


HOSTILE = {
    "connection as the secret": _inventory_with(connection=SECRET),
    "connection as a list holding it": _inventory_with(connection=[{"password": SECRET}]),
    "password in a list value": _inventory_with(
        connection={"transport": "lab", "username": [SECRET]}
    ),
    "password_env given the secret": _inventory_with(
        connection={"transport": "lab", "password_env": SECRET}
    ),
    "secret as an unknown key": _inventory_with(connection={"transport": "lab", SECRET: None}),
    "secret in a node name": _inventory_with(
        cluster={"name": "hci01", "nodes": [{"name": SECRET}]}
    ),
    "secret in a proxy URL": _inventory_with(
        cluster={
            "name": "hci01",
            "nodes": [{"name": "node1"}],
            "https_proxy": f"http://admin:{SECRET}@proxy:3128 x",
        }
    ),
    "token_env with a token": _inventory_with(
        azure={**base_inventory()["azure"], "credential": f"token_env:{SECRET}"}
    ),
    "ansible_password nested under ansible_host": _ansible(
        {"ansible_host": {"ansible_password": SECRET}}
    ),
    "ansible_password literal": _ansible({"ansible_password": SECRET}),
    "ansible_password as the host vars": _ansible({}, {"ansible_port": [SECRET]}),
    "alias named like the secret": f"cluster: {{name: *{SECRET[:-2]}}}\n",
    "secret as a lab node's name": _inventory_with(lab={"seed": 7, "nodes": {SECRET: 5}}),
    "secret as a tag's name": _inventory_with(
        azure={**base_inventory()["azure"], "tags": {SECRET: "x" * 300}}
    ),
    "secret as an Ansible host": yaml.safe_dump(
        {
            "all": {
                "children": {
                    "hci01": {"hosts": {SECRET: "x"}, "vars": {"hci_cluster_name": "hci01"}}
                }
            }
        }
    ),
    "secret as an Ansible group": yaml.safe_dump({"all": {"children": {SECRET: [1]}}}),
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_input_error_repeats_a_secret(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    tmp_path: Path,
    data: Any,
) -> None:
    path = write_inventory(data)
    result = orchestrate("--state-dir", str(tmp_path / "s"), "precheck", "-i", str(path))
    _refused(result)
    assert SECRET not in result.err
    assert SECRET[:-2] not in result.err
    assert SECRET not in result.out


def test_a_secret_that_looks_like_a_variable_name_is_not_repeated_as_one(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[[Any], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(NAME_LIKE_SECRET, raising=False)
    data = base_inventory()
    data["connection"] = {
        "transport": "psrp",
        "auth": "ntlm",
        "username": "admin",
        "password_env": NAME_LIKE_SECRET,
    }
    del data["lab"]
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "precheck", "-i", str(write_inventory(data))
    )
    line = _refused(result, "connection.password_env", "is not set")
    assert NAME_LIKE_SECRET not in line
