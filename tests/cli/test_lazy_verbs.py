"""Verbs are imported when used (issue 15.16; orchestrator/cli/lazy.py): `orchestrate --help`
lists every verb from its declaration without importing it, with the same text an eager group
prints, and the declarations say what the commands say."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from orchestrator.cli import VERBS, cli
from tests.conftest import REPO

PROBE = """
import contextlib, io, json, sys
from orchestrator.cli import cli, main
def help_text():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--help"])
    return out.getvalue()
lazy = help_text()
before = sorted(m for m in sys.modules if m.startswith("orchestrator.cli."))
for name in list(cli.commands):
    cli.commands[name]  # every verb imported, as an eager group holds them
print(json.dumps({"lazy": lazy, "eager": help_text(), "imported": before}))
"""


def test_the_help_lists_every_verb_without_importing_one_and_as_an_eager_group_would() -> None:
    for columns in ("60", "100"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=REPO,
            env={"COLUMNS": columns, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout)
        assert result["lazy"] == result["eager"]
        assert result["imported"] == ["orchestrator.cli.lazy"]
        for name in VERBS:
            assert f"\n  {name} " in result["lazy"]


def test_each_declaration_names_its_command_and_says_what_it_says() -> None:
    for name, verb in VERBS.items():
        command = cli.commands[name]
        assert isinstance(command, click.Command)
        assert command.name == name
        if verb.declared:
            assert command.short_help == verb.summary, name
        else:
            assert command.short_help is None, name
            assert (command.help or "").split("\n\n")[0] == verb.summary, name


def test_a_verb_added_as_an_object_is_served_as_it_is() -> None:
    @click.command("probe-verb")
    def probe() -> None:
        """Probe."""

    cli.add_command(probe)
    try:
        assert cli.commands["probe-verb"] is probe
        assert "probe-verb" in cli.commands
        assert cli.get_command(click.Context(cli), "probe-verb") is probe
    finally:
        del cli.commands["probe-verb"]
    assert "probe-verb" not in cli.commands
    assert cli.get_command(click.Context(cli), "no-such-verb") is None
