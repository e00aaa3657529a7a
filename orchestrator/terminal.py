"""How this invocation talks to the terminal (issue 15.8): colour and quiet, set once per
command by the root `orchestrate` options and read by whatever builds a console.

Colour is off with `--no-color` or when NO_COLOR is set to anything non-empty (no-color.org:
"Command-line software which adds ANSI color to its output by default should check for a
NO_COLOR environment variable that, when present and not an empty string ... prevents the
addition of ANSI color"); like Terraform's -no-color, no ANSI styling at all is written then.
`-q` keeps stderr to errors (no progress, no warnings) so that stdout's result is all there is.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from rich.logging import RichHandler


@attrs.define
class Preferences:
    no_color: bool = False
    quiet: bool = False


_current = Preferences()


def set_preferences(*, no_color: bool, quiet: bool) -> None:
    global _current
    _current = Preferences(no_color=no_color, quiet=quiet)


def no_color() -> bool:
    return _current.no_color or bool(os.environ.get("NO_COLOR"))


def quiet() -> bool:
    return _current.quiet


def note(message: str) -> None:
    """A note for the person at the terminal (a hint, a where-next), on stderr; `-q` drops
    it. Anything the operator must act on is part of the result instead (stdout, the JSON)."""
    if not quiet():
        import click

        click.echo(message, err=True)


def console_options() -> dict[str, Any]:
    """Keyword arguments for rich.console.Console: no colour, no styles, when asked."""
    return {"no_color": True, "color_system": None} if no_color() else {}


class RichStderrHandler(logging.Handler):
    """The log's stderr handler at a terminal: rich's RichHandler (keyword arguments as given),
    built on the first record or when the live view takes it over (`rich()`). Until then rich
    is not imported: a command that logs nothing, such as `orchestrate VERB --help`, starts
    without it (issue 15 item 16). The formatter set here is the RichHandler's."""

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self._options = options
        self._rich: RichHandler | None = None

    def rich(self) -> RichHandler:
        if self._rich is None:
            from rich.console import Console
            from rich.logging import RichHandler

            self._rich = RichHandler(
                console=Console(stderr=True, **console_options()), **self._options
            )
            self._rich.setFormatter(self.formatter)
        return self._rich

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        super().setFormatter(fmt)
        if self._rich is not None:
            self._rich.setFormatter(fmt)

    def emit(self, record: logging.LogRecord) -> None:
        self.rich().emit(record)
