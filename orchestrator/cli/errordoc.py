"""With --output json every exit writes one JSON document on stdout (issue 15.7): the verb's
own document, or this error document when the verb ends in an error before writing one
(bad input, stale plan, lock held, refused, interrupted). docs/schemas/error.schema.json."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from orchestrator.errors import InputError, OrchestratorError
from orchestrator.exitcodes import ExitCode
from orchestrator.output import FORMAT_VERSION, write_json


def wants_json(argv: Sequence[str]) -> bool:
    """Whether --output json was asked for anywhere on the command line (`runs --output json
    show ID` included), read from the words themselves: the error may come before click parsed
    them."""
    words = list(argv)
    for index, word in enumerate(words):
        if word == "--":
            return False
        if word == "--output=json" or (
            word == "--output" and words[index + 1 : index + 2] == ["json"]
        ):
            return True
    return False


def _fix_from(message: str) -> str | None:
    # The project's one-line errors say what is wrong, then "; " and what to do.
    _, sep, tail = message.rpartition("; ")
    return tail.strip() or None if sep else None


def error_document(
    code: ExitCode,
    message: str,
    *,
    command: str | None,
    field: str | None = None,
    fix: str | None = None,
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "kind": "error",
        "command": command,
        "code": code.name.lower(),
        "message": message,
        "field": field,
        "fix": fix if fix is not None else _fix_from(message),
        "exit_code": int(code),
    }


def document_for(error: BaseException, command: str | None) -> dict[str, Any]:
    if isinstance(error, InputError):
        return error_document(
            error.exit_code, error.message, command=command, field=error.field, fix=error.fix
        )
    if isinstance(error, OrchestratorError):
        return error_document(error.exit_code, str(error), command=command, fix=error.fix)
    if isinstance(error, click.ClickException):
        param = getattr(error, "param", None)
        field = None
        if param is not None and getattr(param, "opts", None):
            field = param.opts[-1] if isinstance(param, click.Option) else param.name
        elif isinstance(error, click.NoSuchOption):
            field = error.option_name
        return error_document(
            ExitCode.USAGE,
            error.format_message(),
            command=command,
            field=field,
            fix=f"see `orchestrate {command or ''} --help`".replace("  ", " "),
        )
    if isinstance(error, (KeyboardInterrupt, click.Abort)):
        return error_document(
            ExitCode.INTERRUPTED,
            "interrupted",
            command=command,
            fix="`orchestrate runs` lists the run to resume",
        )
    return error_document(
        ExitCode.FAILED,
        f"internal error: {error.__class__.__name__}",
        command=command,
        fix="re-run with -vv for details",
    )


def write_error_document(document: dict[str, Any]) -> None:
    write_json(document, sys.stdout)
