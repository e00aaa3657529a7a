"""`orchestrate --help` lists every verb with a one-line summary that is not cut short."""

from __future__ import annotations

import inspect

import pytest

from orchestrator.cli import cli


def test_every_verb_is_listed_on_one_line_at_80_columns(orchestrate, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    result = orchestrate("--help")
    assert result.code == 0
    listing = result.out.split("Commands:", 1)[1].splitlines()
    rows = [line for line in listing if line.strip()]
    assert [row.split()[0] for row in rows] == sorted(cli.commands)  # one line per verb
    for row in rows:
        assert not row.endswith("..."), f"summary cut short: {row.strip()!r}"
        assert len(row) <= 80


@pytest.mark.parametrize("verb", sorted(cli.commands))
def test_first_docstring_line_is_a_complete_sentence(verb: str) -> None:
    first = inspect.cleandoc(cli.commands[verb].help or "").splitlines()[0]
    assert first.endswith("."), f"{verb}: first docstring line should be one whole sentence"
    assert len(first) <= 60, f"{verb}: keep the first docstring line within 60 characters"


def test_top_level_help_says_where_to_start_and_every_exit_code(orchestrate, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from orchestrator.exitcodes import ExitCode

    monkeypatch.setenv("COLUMNS", "80")
    text = orchestrate("--help").out.split("Options:", 1)[0]
    assert "`orchestrate lab demo`" in text
    listed = text.split("Exit codes", 1)[1]
    for code in ExitCode:
        assert f"{int(code)} " in listed, f"exit code {int(code)} missing from --help"


def test_graph_help_names_every_flow(orchestrate) -> None:  # type: ignore[no-untyped-def]
    from workflows import FLOWS

    result = orchestrate("graph", "--help")
    assert "Usage: orchestrate graph [OPTIONS] FLOW" in result.out
    assert f"FLOW is one of: {', '.join(FLOWS)}." in " ".join(result.out.split())
