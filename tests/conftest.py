"""Shared fixtures: write inventories, run the CLI in-process and capture its streams."""

from __future__ import annotations

import copy
import functools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orchestrator.cli import main
from orchestrator.cli.logs import _NOISY as _CLI_TUNED_LOGGERS
from orchestrator.engine.lock import LOCK_DIR_ENV

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

# A memory file system for the suite's scratch files, when the machine has a roomy one.
MEMORY_FS = Path("/dev/shm")
MEMORY_FS_MIN_FREE = 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    """Scratch files (tmp_path, tempfile, and the subprocesses' through TMPDIR) go to a memory
    file system when there is a roomy one and nobody chose a place (--basetemp, TMPDIR).
    Journals and the lab's world file fsync every record, as they promise; on a disk shared
    with other work each fsync costs milliseconds, and the suite makes tens of thousands of
    them (the scenario and CLI tests ran twice as long on disk). What the tests assert is the
    same either way: they count the fsyncs and read the files back, they never time them."""
    if config.option.basetemp or os.environ.get("TMPDIR"):
        return
    try:
        roomy = MEMORY_FS.is_dir() and shutil.disk_usage(MEMORY_FS).free >= MEMORY_FS_MIN_FREE
    except OSError:
        return
    if roomy and os.access(MEMORY_FS, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(MEMORY_FS)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


@pytest.fixture(autouse=True)
def lock_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cluster locks are host-wide (`~/.orchestrate/locks`); each test gets its own directory
    so that no test touches the real home and parallel workers never block one another.
    Subprocesses inherit it through the environment."""
    path = tmp_path_factory.mktemp("locks")
    monkeypatch.setenv(LOCK_DIR_ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def consented(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests drive the CLI without a terminal, as a pipeline does, and a pipeline consents to
    changes with --yes or ORCHESTRATE_YES=1 (issue 15.1). The suite consents the documented
    way, through the environment (subprocesses inherit it); tests/cli/test_consent.py removes it
    to prove nothing changes without it, and tests/ci runs the CI examples without it, so their
    own --yes is what lets them apply."""
    monkeypatch.setenv("ORCHESTRATE_YES", "1")


@pytest.fixture(autouse=True)
def logging_as_found() -> Iterator[None]:
    """The logging set-up each test found: `orchestrate` run in-process configures logging
    for its process (root and library loggers at DEBUG with --log-file or -vv, its handlers
    on the root logger), and a process ends with it. In the suite it outlived the test:
    every later test that did not run the CLI again created and formatted every DEBUG record
    of the engine, the state machine and pypsrp (the plan/run tests took twice the CPU after
    tests/scenarios/test_log_file.py) and wrote them to that test's log file. pytest's own
    capture handlers are left to pytest."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    loggers = [root, *(logging.getLogger(name) for name in _CLI_TUNED_LOGGERS)]
    loggers += [
        v for v in logging.root.manager.loggerDict.values() if isinstance(v, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    yield
    for handler in root.handlers[:]:
        if handler not in handlers and not type(handler).__module__.startswith("_pytest"):
            root.removeHandler(handler)
            handler.close()
    for logger, level in levels.items():
        if logger.level != level:
            logger.setLevel(level)


def base_inventory() -> dict[str, Any]:
    """A valid lab inventory as plain data; tests change one field at a time."""
    return copy.deepcopy(_example_inventory())


@functools.cache
def _example_inventory() -> dict[str, Any]:
    """examples/lab-cluster.yaml read once (hundreds of tests start from it; PyYAML's pure-
    Python reader took ~5 ms a time); base_inventory hands out copies, so no test sees
    another's changes."""
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "lab-cluster.yaml").read_text())
    return data


@pytest.fixture
def write_inventory(tmp_path: Path) -> Callable[[dict[str, Any] | str], Path]:
    counter = iter(range(1000))

    def write(data: dict[str, Any] | str) -> Path:
        path = tmp_path / f"inventory-{next(counter)}.yaml"
        path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
        return path

    return write


@attrs.frozen
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def orchestrate(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `orchestrate ARGS...` in-process through the real entry point (error handling included)."""

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        try:
            main(list(argv))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


_MODULES_PROBE = """
import json, sys
from orchestrator.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def modules_loaded_by(*argv: str, cwd: Path) -> tuple[object, set[str]]:
    """(exit code, every module loaded) of `orchestrate ARGV` run as a user runs it: a fresh
    process, so what one test imported cannot hide what the command itself loads."""
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


# One fresh interpreter imports the entry point (as the single probe above does before it
# runs its command, and as every command must) and nothing else, then forks once per command:
# each command runs in its own copy of that same start, so it sees none of the modules another
# command loaded, exactly as in its own process, without one interpreter start-up per command.
_FORKING_MODULES_PROBE = """
import json, os, sys
from orchestrator.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        try:  # the child never returns into this loop, whatever the command does
            os.close(read)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)  # the command's own output (help, tables) is not the answer
            code = 0
            try:
                main(argv)
            except SystemExit as done:
                code = done.code
            with os.fdopen(write, "w") as answer:
                json.dump({"code": code, "modules": sorted(sys.modules)}, answer)
        except BaseException:
            import traceback  # only now: the modules a command loaded are its own

            traceback.print_exc()  # to stderr, which the caller shows when a child has no answer
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        results.append(json.loads(answer.read() or "null"))
    os.waitpid(child, 0)
print(json.dumps(results))
"""


def modules_loaded_by_each(
    commands: Sequence[Sequence[str]], cwd: Path
) -> list[tuple[object, set[str]]]:
    """`modules_loaded_by` for several commands at once, in the same order: one fresh
    interpreter forked once per command (see _FORKING_MODULES_PROBE), so each result holds
    what its own command loaded and nothing another command did. Without fork (Windows), one
    process per command."""
    if not hasattr(os, "fork"):
        return [modules_loaded_by(*argv, cwd=cwd) for argv in commands]
    done = subprocess.run(
        [sys.executable, "-c", _FORKING_MODULES_PROBE, json.dumps([list(a) for a in commands])],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert None not in results, done.stderr  # a command's child died before it answered
    return [(result["code"], set(result["modules"])) for result in results]
