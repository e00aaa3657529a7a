"""ansible-test sanity runs offline (.ci/ansible_sanity.py) only while the test extra installs
exactly the tool versions the installed ansible-test pins, and while the collection's ignore
file is named for the installed ansible-core; these tests fail as soon as either drifts."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import ansible_test
from packaging.requirements import Requirement

from tests.conftest import REPO

COLLECTION = REPO / "ansible_collections/hci_orchestrator/hci"
SANITY_REQUIREMENTS = Path(ansible_test.__file__).parent / "_data/requirements"


def extra_pins() -> dict[str, str]:
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["test"]
    pins = {}
    for line in extra:
        requirement = Requirement(line)
        (spec, *more) = list(requirement.specifier) or [None]
        if spec is not None and spec.operator == "==" and not more:
            pins[requirement.name.lower()] = spec.version
    return pins


def ansible_test_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for path in SANITY_REQUIREMENTS.glob("sanity.*.txt"):
        for name, pinned in re.findall(r"^([\w.-]+)==(\S+)", path.read_text(), flags=re.M):
            pins[name.lower()] = pinned
    return pins


def test_the_test_extra_pins_the_versions_ansible_test_pins() -> None:
    ours, theirs = extra_pins(), ansible_test_pins()
    tools = {"pylint", "pycodestyle", "yamllint", "voluptuous", "antsibull-docs-parser"}
    tools |= {"antsibull-changelog", "rstcheck"}
    assert tools <= set(ours), "pin every sanity tool in pyproject.toml's test extra"
    for name in tools:
        assert ours[name] == theirs[name], (
            f"{name}: the test extra pins {ours[name]}, ansible-test {theirs[name]}; "
            f"use {theirs[name]} in pyproject.toml"
        )
        assert version(name) == ours[name], f"{name} {version(name)} is installed"


def test_the_ignore_file_is_the_one_the_installed_ansible_core_reads() -> None:
    major_minor = ".".join(version("ansible-core").split(".")[:2])
    ignores = sorted(p.name for p in (COLLECTION / "tests/sanity").glob("ignore-*.txt"))
    assert ignores == [f"ignore-{major_minor}.txt"]
    for line in (COLLECTION / "tests/sanity" / ignores[0]).read_text().splitlines():
        assert " # " in line, f"every ignore entry says why: {line}"


def test_ci_runs_the_sanity_script_after_the_readme_commands() -> None:
    lines = [
        line
        for line in (REPO / ".ci/run").read_text().splitlines()
        if line and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    readme = (REPO / "README.md").read_text()
    assert lines[0] in readme  # the README's test command, verbatim
    assert lines[-1].startswith(".venv/bin/python .ci/ansible_sanity.py")
