"""The fuzz campaign of issue 17: 10,000 hostile inventories and argument lists in CI (seeded,
bounded, the seed printed on failure); `make soak-fuzz` runs more (FUZZ_SCALE).

6,000 inventories as data, 1,000 Ansible inventories, 1,000 raw YAML texts through the file
loader, 2,000 argument lists through the real CLI entry point (some with fuzzed inventory
files). See tests/fuzz/campaign.py for the oracles."""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.cli import cli, main
from orchestrator.engine.preflight import check_credentials
from orchestrator.errors import InputError
from orchestrator.inventory import load_inventory, parse_inventory
from orchestrator.inventory.ansible import from_ansible, looks_like_ansible
from tests.conftest import EXAMPLES
from tests.fuzz.campaign import (
    CANARY,
    NAME_CANARY,
    assert_clean_input_error,
    assert_no_canary,
    campaign,
    reproduce_with_seed,
    watchdog,
)
from tests.fuzz.strategies import (
    BASE,
    HOSTILE_TEXT,
    ansible_inventories,
    input_paths,
    inventories,
    mutated,
    output_paths,
    yaml_texts,
)
from workflows import load_workflow

# Inputs per property in CI (FUZZ_SCALE multiplies them).
COUNTS = {"inventories": 6000, "ansible": 1000, "yaml": 1000, "argv": 2000}
FLOWS = [load_workflow(name) for name in ("register", "unregister", "prepare", "collect-logs")]


def _accepted_or_refused(load: Any) -> None:
    """`load()` gives an inventory (whose credentials are then checked as a run would) or an
    InputError; anything else escapes and fails the property as an internal error."""
    try:
        inventory = load()
    except InputError as error:
        assert_clean_input_error(str(error))
        return
    for flow in FLOWS:
        try:
            check_credentials(flow, inventory)
        except InputError as error:
            assert_clean_input_error(str(error))


@campaign(COUNTS["inventories"])
@given(data=inventories())
def test_fuzzed_inventories_are_accepted_or_refused_cleanly(data: Any) -> None:
    reproduce_with_seed()
    with watchdog("an inventory"):
        _accepted_or_refused(lambda: parse_inventory(data, "fuzz.yaml"))


def _either_form(data: Any) -> Any:
    return parse_inventory(
        from_ansible(data, "hosts.yml") if looks_like_ansible(data) else data, "hosts.yml"
    )


@campaign(COUNTS["ansible"])
@given(data=ansible_inventories())
def test_fuzzed_ansible_inventories_are_accepted_or_refused_cleanly(data: Any) -> None:
    reproduce_with_seed()
    with watchdog("an Ansible inventory"):
        _accepted_or_refused(lambda: _either_form(data))


_SCRATCH = Path(tempfile.mkdtemp(prefix="fuzz-yaml-"))


@campaign(COUNTS["yaml"])
@given(text=yaml_texts())
def test_fuzzed_yaml_files_are_accepted_or_refused_cleanly(text: str) -> None:
    reproduce_with_seed()
    path = _SCRATCH / "inventory.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with watchdog("a YAML file"):
        _accepted_or_refused(lambda: load_inventory(path))


# --- argument lists through the real entry point ---------------------------------------------

VERBS = sorted(name for name in cli.commands if name != "lab")
NUMBERS = ["0", "1", "-1", "8", "256", "257", "1e999", "nan", "inf", "-0", "0.5", "x", CANARY]


def _value(draw: st.DrawFn, param: click.Parameter, tmp: Path, fuzzed_inventory: Path) -> str:
    name = param.name or ""
    if name in ("inventory_path", "plan_path", "source"):
        return draw(st.sampled_from([str(fuzzed_inventory)]) | input_paths(tmp))
    if name in ("out_dir", "plan_out"):
        return draw(output_paths(tmp))
    if name == "limit":
        return draw(
            st.sampled_from(
                ["node1", "node2,node3", "node9", "", ",", "NODE1", CANARY, "node1,node1"]
            )
        )
    if name in ("secret_env",):
        return draw(st.sampled_from(["ARC_SP_SECRET", NAME_CANARY, CANARY, "", "1X"]))
    if name in ("service_principal_id", "correlation_id"):
        return draw(st.sampled_from(["00000000-0000-0000-0000-000000000000", "", CANARY, "x"]))
    if name == "run_id":
        return draw(st.sampled_from(["20260101T000000Z-abcdef", "..", "", CANARY, "../../etc"]))
    if isinstance(param.type, click.Choice):
        return draw(st.sampled_from([*map(str, param.type.choices), "", "yaml", CANARY]))
    if isinstance(param.type, click.IntRange | click.FloatRange) or name.endswith(
        ("seconds", "window", "minutes")
    ):
        return draw(st.sampled_from(NUMBERS))
    # tags, resource names, log dirs: the canary would be a legitimate value here
    return draw(st.sampled_from([t for t in HOSTILE_TEXT if CANARY not in t]))


@st.composite
def argument_lists(draw: st.DrawFn, tmp: Path, fuzzed_inventory: Path) -> list[str]:
    verb = draw(st.sampled_from(VERBS))
    command = cli.commands[verb]
    argv: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        argv += ["--state-dir", draw(output_paths(tmp))]
    argv.append(verb)
    for param in command.params:
        if param.name == "help" or not draw(st.integers(0, 2)):
            continue
        if isinstance(param, click.Argument):
            argv.append(_value(draw, param, tmp, fuzzed_inventory))
        elif isinstance(param, click.Option):
            option = draw(st.sampled_from(param.opts))
            if param.is_flag:
                argv.append(option)
            else:
                argv += [option, _value(draw, param, tmp, fuzzed_inventory)]
    if draw(st.integers(0, 4)) == 0:
        argv.insert(
            draw(st.integers(0, len(argv))),
            draw(st.sampled_from(["--bogus", "-", "--", CANARY, "--yes", "--dry-run", "-vv"])),
        )
    return argv


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Any:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("")  # `diagnose` without a file reads stdin: an empty one here
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _stdin(stdin),
    ):
        try:
            main(argv)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return code, out.getvalue(), err.getvalue()


def _examples_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def arena(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """A scratch working directory (plans, state, archives land here) and the file the
    fuzzed inventories are written to; the example inventories it reads stay as they were."""
    monkeypatch.chdir(tmp_path)
    for name in ("ORCHESTRATE_LAB_STATE", "ORCHESTRATE_HOME", "ORCHESTRATE_YES", "ARC_SP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    before = _examples_digest()
    yield tmp_path, tmp_path / "fuzzed.yaml"
    assert _examples_digest() == before, "the campaign wrote into examples/"


@campaign(COUNTS["argv"])
@given(data=st.data())
def test_fuzzed_argument_lists_never_crash_or_leak(
    data: st.DataObject, arena: tuple[Path, Path]
) -> None:
    tmp, fuzzed_inventory = arena
    reproduce_with_seed()
    inventory = data.draw(mutated(BASE) | st.just(BASE), label="inventory")
    fuzzed_inventory.write_text(yaml.safe_dump(inventory, sort_keys=False, allow_unicode=True))
    argv = data.draw(argument_lists(tmp, fuzzed_inventory), label="argv")
    with watchdog(f"orchestrate {' '.join(argv)[:200]}"):
        code, out, err = _run(argv)
    assert code in (0, 1, 2, 3, 4, 5), (code, err[-500:])
    assert "internal error" not in err, err[-1000:]
    assert "Traceback" not in err + out, err[-1000:]
    assert_no_canary(out + err)
    if code == 2:
        assert "error" in err.lower(), err[-500:]
        last = err.strip().splitlines()[-1]
        assert len(last) < 1500


def test_the_campaign_reaches_its_ten_thousand() -> None:
    """CI's share of the issue's campaign: at least 10,000 inputs across the properties."""
    assert sum(COUNTS.values()) >= 10_000
