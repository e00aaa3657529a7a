"""Run `ansible-test sanity` on the collection offline, with the tools the project's test extra
installed (`pip install -e '.[test]'`): no download at test time.

ansible-test runs most sanity tests in virtual environments of its own
(~/.ansible/test/venv/sanity.<test>/<python>/<hash>) and fills a new one by downloading pip's
bootstrap script and its pinned requirements (ansible_test/_data/requirements/sanity.*.txt).
This script creates each of those environments before ansible-test looks for it, in the place
and under the name ansible-test computes, as an empty venv whose one `.pth` line points at
this project's site-packages, where the test extra installed exactly the versions ansible-test
pins (tests/ansible/test_sanity_offline.py keeps the pins equal). ansible-test then finds the
environment ready (its marker.txt) and installs nothing. Then it runs every sanity test except
the two whose tools are not Python packages (docs: the collection's tests/sanity/README.md):

  pslint      needs PowerShell and PSScriptAnalyzer; the collection has no PowerShell code
  shellcheck  needs the shellcheck binary; the collection has no shell scripts

Usage: .venv/bin/python .ci/ansible_sanity.py [extra ansible-test arguments, e.g. -v]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

COLLECTION = Path(__file__).resolve().parent.parent / "ansible_collections/hci_orchestrator/hci"
SKIPPED = ("pslint", "shellcheck")
# The sanity environments that need packages: (name, minimize) as ansible-test asks for them
# (ansible_test/_internal/commands/sanity/__init__.py and import.py, ansible-core 2.19).
ENVIRONMENTS = (
    ("ansible-doc", False),
    ("changelog", False),
    ("import", False),
    ("import.plugin", True),
    ("pep8", False),
    ("pylint", False),
    ("runtime-metadata", False),
    ("validate-modules", False),
    ("yamllint", False),
)


def python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def environment_path(name: str, minimize: bool) -> Path | None:
    """Where ansible-test looks for the sanity environment `name` (None: it needs none)."""
    # ansible-test's own internals, so the path is exactly the one it computes (it depends on
    # the pinned requirements, which the ansible-core pin in pyproject.toml fixes)
    from ansible_test._internal.commands.sanity import hash_pip_commands
    from ansible_test._internal.host_configs import NativePythonConfig
    from ansible_test._internal.python_requirements import collect_requirements

    python = NativePythonConfig(version=python_version(), path=sys.executable)
    commands = collect_requirements(
        python=python,
        controller=True,
        ansible=False,
        coverage=False,
        minimize=minimize,
        command=None,
        sanity=name,
    )
    if not commands:
        return None
    root = Path.home() / ".ansible/test/venv" / f"sanity.{name}" / python.version
    return root / hash_pip_commands(commands)


def prepare(path: Path) -> None:
    """An empty venv that sees this project's site-packages, marked as ready for ansible-test.
    One made earlier for another checkout (or by ansible-test itself) is made again."""
    site = Path(sysconfig.get_path("purelib", vars={"base": str(path), "platbase": str(path)}))
    link = site / "hci-orchestrator-test-extra.pth"
    wanted = sysconfig.get_path("purelib") + "\n"
    if (path / "marker.txt").exists() and link.exists() and link.read_text() == wanted:
        return
    venv.EnvBuilder(clear=True, with_pip=False).create(path)
    site.mkdir(parents=True, exist_ok=True)
    link.write_text(wanted)
    (path / "meta.install.json").write_text("[]")
    has_cloader = subprocess.run(  # noqa: S603 (the venv just made)
        [str(path / "bin/python"), "-c", "import yaml; print(hasattr(yaml, 'CLoader'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (path / "meta.yaml.json").write_text(json.dumps(has_cloader == "True"))
    (path / "marker.txt").touch()


def main(extra: list[str]) -> int:
    os.chdir(COLLECTION)  # ansible-test works on the collection it is started in
    for name, minimize in ENVIRONMENTS:
        path = environment_path(name, minimize)
        if path is not None:
            prepare(path)
    ansible_test = Path(sys.executable).parent / "ansible-test"
    command = [str(ansible_test), "sanity", "--python", python_version(), "--color", "no"]
    for test in SKIPPED:
        command += ["--skip-test", test]
    return subprocess.run([*command, *extra], check=False).returncode  # noqa: S603 (our ansible-test)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
