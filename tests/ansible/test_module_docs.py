"""The module's DOCUMENTATION must describe its argument spec exactly (what ansible-doc and
ansible-test's validate-modules check), and every secret must be no_log."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

COLLECTION = REPO / "ansible_collections/hci_orchestrator/hci"
MODULE = COLLECTION / "plugins/modules/orchestrate.py"


def load_module() -> ModuleType:
    """The module file, with ARGUMENT_SPEC (imported from its module_utils) as an attribute."""
    spec = importlib.util.spec_from_file_location("orchestrate_module", MODULE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_documentation_matches_the_argument_spec() -> None:
    module = load_module()
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]
    spec = module.ARGUMENT_SPEC
    assert set(documented) == set(spec)
    for name, option in spec.items():
        doc = documented[name]
        assert doc["type"] == option["type"], name
        assert doc.get("required", False) == option.get("required", False), name
        assert doc.get("default") == option.get("default"), name
        assert doc.get("elements") == option.get("elements"), name
        assert doc.get("choices") == option.get("choices"), name


def test_the_flow_choices_are_the_registered_flows() -> None:
    """A flow added to workflows.FLOWS must be offered by the module (and nothing else)."""
    from workflows import FLOWS

    module = load_module()
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]["flow"]["choices"]
    fix = (
        "make FLOWS in ansible_collections/hci_orchestrator/hci/plugins/module_utils/"
        "orchestrate.py and the flow choices in plugins/modules/orchestrate.py's "
        f"DOCUMENTATION equal workflows.FLOWS: {list(FLOWS)}"
    )
    assert module.ARGUMENT_SPEC["flow"]["choices"] == list(FLOWS), fix
    assert documented == list(FLOWS), fix


def test_check_mode_and_diff_are_declared_as_attributes() -> None:
    attributes = yaml.safe_load(load_module().DOCUMENTATION)["attributes"]
    assert attributes["check_mode"]["support"] == "full"
    assert attributes["diff_mode"]["support"] == "full"
    assert attributes["action"]["support"] == "full"  # the action plugin runs it


def test_return_documents_failed_and_diff_with_samples() -> None:
    returned = yaml.safe_load(load_module().RETURN)
    assert returned["failed"]["type"] == "bool"
    assert returned["diff"]["type"] == "list"
    assert set(returned["diff"]["sample"][0]) == {
        "before_header",
        "after_header",
        "before",
        "after",
    }
    assert all("sample" in value for value in returned.values()), [
        name for name, value in returned.items() if "sample" not in value
    ]


def test_secret_parameters_are_no_log() -> None:
    spec = load_module().ARGUMENT_SPEC
    secrets = {n for n in spec if any(w in n for w in ("password", "secret", "token"))}
    assert secrets == {"password", "azure_client_secret", "azure_token"}
    assert all(spec[n].get("no_log") for n in secrets)
    assert not any(o.get("no_log") for n, o in spec.items() if n not in secrets)


def test_examples_and_return_are_yaml() -> None:
    module = load_module()
    examples = yaml.safe_load(module.EXAMPLES)
    assert all("hci_orchestrator.hci.orchestrate" in task for task in examples)
    assert {"changed", "msg", "plan", "run_id", "nodes"} <= set(yaml.safe_load(module.RETURN))


def test_galaxy_metadata_names_the_collection() -> None:
    galaxy = yaml.safe_load((COLLECTION / "galaxy.yml").read_text())
    assert (galaxy["namespace"], galaxy["name"]) == ("hci_orchestrator", "hci")
    assert Path(MODULE).parts[-5:-3] == ("hci_orchestrator", "hci")
    for link in ("repository", "homepage", "issues", "documentation"):
        assert galaxy[link].startswith("https://"), link
    assert galaxy["license"] == ["MIT"]


def test_the_collection_carries_what_well_kept_collections_carry() -> None:
    """LICENSE, a changelog in antsibull-changelog's layout, requirements.txt pinned to the
    same hci-orchestrator version as the collection, and the execution-environment metadata
    that points ansible-builder at it."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    galaxy = yaml.safe_load((COLLECTION / "galaxy.yml").read_text())
    assert galaxy["version"] == project["version"]
    assert "MIT License" in (COLLECTION / "LICENSE").read_text()
    assert project["license"]["text"] == "MIT"

    changelog = yaml.safe_load((COLLECTION / "changelogs/changelog.yaml").read_text())
    assert galaxy["version"] in changelog["releases"]
    escaped = galaxy["version"].replace(".", "\\.")  # antsibull-changelog's Markdown
    assert f"## v{escaped}" in (COLLECTION / "CHANGELOG.md").read_text()

    requirements = [
        line
        for line in (COLLECTION / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert requirements == [f"{project['name']}=={project['version']}"]
    ee = yaml.safe_load((COLLECTION / "meta/execution-environment.yml").read_text())
    assert ee == {"version": 1, "dependencies": {"python": "requirements.txt"}}
    runtime = yaml.safe_load((COLLECTION / "meta/runtime.yml").read_text())
    assert runtime["requires_ansible"].startswith(">=")


def test_docs_examples_use_only_real_parameters() -> None:
    """Every module task in docs/ansible.md and in the module's EXAMPLES is YAML and passes
    only parameters the module accepts; the parameter table lists exactly the real ones."""
    spec = load_module().ARGUMENT_SPEC
    page = (REPO / "docs" / "ansible.md").read_text()
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", page, flags=re.S)]
    blocks.append(yaml.safe_load(load_module().EXAMPLES))
    for example in ("prepare.yml", "prepare-inventory-hosts.yml"):
        blocks.append(yaml.safe_load((REPO / "examples" / "ansible" / example).read_text()))
    tasks = [t for block in blocks for t in _tasks(block)]
    calls = [
        t["hci_orchestrator.hci.orchestrate"]
        for t in tasks
        if "hci_orchestrator.hci.orchestrate" in t
    ]
    assert len(calls) >= 10
    for call in calls:
        assert set(call) <= set(spec), set(call) - set(spec)
        assert "flow" in call
    table = set(re.findall(r"^\| `(\w+)` \| (?:str|path|dict|list|int|float)", page, flags=re.M))
    assert table == set(spec)


def _tasks(block: Any) -> list[dict[str, Any]]:
    if isinstance(block, dict):
        return [block]
    found: list[dict[str, Any]] = []
    for item in block or []:
        found.append(item)
        found.extend(item.get("tasks", []))
    return found


@pytest.mark.slow
def test_the_collection_builds_with_ansible_galaxy(tmp_path: Path) -> None:
    galaxy = Path(sys.executable).parent / "ansible-galaxy"
    if not galaxy.exists():  # pragma: no cover - the test extra installs ansible-core
        pytest.skip("ansible-core is not installed")
    done = subprocess.run(
        [
            str(galaxy),
            "collection",
            "build",
            str(COLLECTION),
            "--output-path",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "ANSIBLE_HOME": str(tmp_path / "ansible-home")},
    )
    assert done.returncode == 0, done.stderr
    with tarfile.open(tmp_path / "hci_orchestrator-hci-0.1.0.tar.gz") as archive:
        names = archive.getnames()
    for name in (
        "plugins/modules/orchestrate.py",
        "plugins/action/orchestrate.py",
        "plugins/module_utils/orchestrate.py",
        "LICENSE",
        "CHANGELOG.md",
        "requirements.txt",
        "meta/execution-environment.yml",
    ):
        assert name in names, name
