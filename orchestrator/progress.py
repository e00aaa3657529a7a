"""Progress on stderr for people at a terminal; silent for pipes, CI and `ORCHESTRATE_PROGRESS=off`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn


def progress_enabled() -> bool:
    if os.environ.get("ORCHESTRATE_PROGRESS", "").lower() in ("off", "0", "false", "no"):
        return False
    return sys.stderr.isatty()


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[str, bool], None]]:
    """Yields `step(text, done)`: shows what is happening now, and counts an item when done.
    A no-op when progress is off."""
    if not progress_enabled():
        yield lambda _text, _done: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def step(text: str, done: bool) -> None:
            bar.update(task, description=f"{description}: {text}", advance=1 if done else 0)

        yield step
