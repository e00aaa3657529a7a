"""Verbs imported when used (issue 15.16): `orchestrate --help` and `orchestrate VERB --help`
start without importing every verb and the libraries behind them (the engine, pypsrp, azure,
the lab...).

A verb is declared by name, the module and attribute of its click command, and the summary
`orchestrate --help` shows for it (the command's `short_help`, or the first paragraph of its
help, truncated by click's own rule). Looking a verb up (`cli.commands[name]`, click's
`get_command`) imports its module; the group's help lists the summaries without importing
anything. tests/cli/test_lazy_verbs.py keeps the summaries equal to the commands' own and the
help text identical to an eager group's.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import attrs
import click


@attrs.frozen
class LazyVerb:
    module: str
    attribute: str
    # The command's short_help when it declares one (shown whole), else the first paragraph of
    # its help (which click shortens to the width available).
    summary: str
    declared: bool = False

    def short_help(self, limit: int) -> str:
        # the rule click applies to the real command (Command.get_short_help_str)
        stand_in = (
            click.Command(None, short_help=self.summary)
            if self.declared
            else click.Command(None, help=self.summary)
        )
        return stand_in.get_short_help_str(limit)


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: declared verbs are imported on first lookup; commands
    added as objects (`add_command`) are kept as they are."""

    def __init__(self, verbs: dict[str, LazyVerb]) -> None:
        self._verbs = dict(verbs)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            verb = self._verbs[name]  # KeyError: no such verb
            command = getattr(importlib.import_module(verb.module), verb.attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{verb.module}.{verb.attribute} is not a click command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._verbs.pop(name, None)

    def __delitem__(self, name: str) -> None:
        found = name in self._loaded or name in self._verbs
        self._loaded.pop(name, None)
        self._verbs.pop(name, None)
        if not found:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        yield from self._verbs
        yield from (name for name in self._loaded if name not in self._verbs)

    def __len__(self) -> int:
        return len(set(self._verbs) | set(self._loaded))

    def __contains__(self, name: object) -> bool:
        return name in self._verbs or name in self._loaded

    def summary(self, name: str, limit: int) -> str | None:
        """What `--help` lists for `name`, without importing it (None: a hidden command)."""
        if name in self._loaded:
            command = self._loaded[name]
            return None if command.hidden else command.get_short_help_str(limit)
        return self._verbs[name].short_help(limit)


class LazyGroup(click.Group):
    """A click group whose verbs are `LazyCommands`: `--help` lists them from their summaries."""

    commands: LazyCommands

    def __init__(self, *args: Any, verbs: dict[str, LazyVerb], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(verbs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's Group.format_commands, with each summary from the declaration.
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, summary)
            for name in names
            if (summary := self.commands.summary(name, limit)) is not None
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def command_paths(group: click.Group) -> list[tuple[str, ...]]:
    """Every command under `group` by its words (`("precheck",)`, `("runs", "show")`), sub-groups
    included: what bench/startup.py times and tests/cli/test_verb_help_imports.py probes. Looking
    the commands up imports every verb (fine there, not on a user's path)."""
    paths: list[tuple[str, ...]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, *sub) for sub in command_paths(command)]
    return paths
