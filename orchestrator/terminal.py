"""How this invocation talks to the terminal (issue 15.8): colour and quiet, set once per
command by the root `orchestrate` options and read by whatever builds a console.

Colour is off with `--no-color` or when NO_COLOR is set to anything non-empty (no-color.org:
"Command-line software which adds ANSI color to its output by default should check for a
NO_COLOR environment variable that, when present and not an empty string ... prevents the
addition of ANSI color"); like Terraform's -no-color, no ANSI styling at all is written then.
`-q` keeps stderr to errors (no progress, no warnings) so that stdout's result is all there is.
"""

from __future__ import annotations

import os
from typing import Any

import attrs


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


def console_options() -> dict[str, Any]:
    """Keyword arguments for rich.console.Console: no colour, no styles, when asked."""
    return {"no_color": True, "color_system": None} if no_color() else {}
