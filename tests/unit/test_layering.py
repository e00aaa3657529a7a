"""The product never imports the lab (issue 15.16): nothing outside orchestrator/lab (and the
lab's own verbs) imports it, and a product command run as a user runs it loads no lab module.
The transport factory finds the lab's transport through its registry, which the lab fills
with an entry point (orchestrator/transport/registry.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from orchestrator.transport import registry
from tests.conftest import REPO, modules_loaded_by_each

PACKAGE = REPO / "orchestrator"
# Lab code outside orchestrator/lab: the `orchestrate lab ...` verbs, imported only when used.
LAB_VERBS = {PACKAGE / "cli" / "lab.py", PACKAGE / "cli" / "lab_serve.py"}
# Product modules that import the lab, each for a reason that only concerns lab input.
EXCEPTIONS = {
    # `lab.scenario` is checked against the lab's scenarios when an inventory has a lab:
    # section, so that a misspelt scenario is an input error (exit 2) before anything runs.
    PACKAGE / "inventory" / "loader.py": {"orchestrator.lab.scenarios"},
}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _is_lab(module: str) -> bool:
    return module == "orchestrator.lab" or module.startswith("orchestrator.lab.")


def test_no_product_module_imports_the_lab() -> None:
    product = [
        path
        for root in (PACKAGE, REPO / "workflows")
        for path in sorted(root.rglob("*.py"))
        if PACKAGE / "lab" not in path.parents and path not in LAB_VERBS
    ]
    assert len(product) > 50
    allowed = {path: tuple(EXCEPTIONS.get(path, ())) for path in product}
    offending = {
        str(path.relative_to(REPO)): sorted(lab)
        for path in product
        if (lab := {m for m in _imports(path) if _is_lab(m) and not m.startswith(allowed[path])})
    }
    assert offending == {}


def test_the_transport_package_imports_nothing_of_the_lab_at_all() -> None:
    for path in sorted((PACKAGE / "transport").rglob("*.py")):
        assert not [m for m in _imports(path) if _is_lab(m)], path


def test_product_commands_load_no_lab_module(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    inventory = tmp_path / "cluster.yaml"
    inventory.write_text(
        yaml.safe_dump(
            {
                "cluster": {
                    "name": "hci01",
                    # nothing listens on port 1: connection refused
                    "nodes": [{"name": "node1", "host": "127.0.0.1", "port": 1}],
                },
                "connection": {
                    "transport": "psrp",
                    "username": "admin",
                    "password_env": "HCI_TEST_PASSWORD",
                    "connection_timeout": 5,
                },
            }
        )
    )
    monkeypatch.setenv("HCI_TEST_PASSWORD", "not-a-secret")
    log = tmp_path / "errors.log"
    log.write_text("Couldn't generate self-signed certificate on node(s) {node2}\n")
    commands = [
        (["--help"], 0),
        (["--version"], 0),
        (["precheck", "--help"], 0),
        (["register", "--help"], 0),
        (["diagnose", str(log)], 0),
        (["precheck", "-i", str(inventory)], 1),  # over PowerShell Remoting: node unreachable
    ]
    # each command as in a fresh process of its own (forked from one fresh interpreter)
    probed = modules_loaded_by_each([argv for argv, _ in commands], cwd=tmp_path)
    for (argv, code), (exit_code, modules) in zip(commands, probed, strict=True):
        lab = sorted(m for m in modules if m.startswith("orchestrator.lab"))
        assert {"code": exit_code, "lab": lab} == {"code": code, "lab": []}, argv


def test_the_lab_fills_the_registry_through_its_entry_point() -> None:
    from orchestrator.lab.connector import connect_lab

    assert registry.connector_maker("lab") is connect_lab


def test_an_unknown_transport_is_an_input_error_naming_the_field() -> None:
    import pytest

    from orchestrator.errors import InputError

    with pytest.raises(InputError, match=r"connection\.transport: .*no transport named 'ssh'"):
        registry.connector_maker("ssh")
