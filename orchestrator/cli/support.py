"""Shared CLI plumbing: logging to stderr, options every verb takes, loading the inventory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from orchestrator.cli.completion import complete_limit
from orchestrator.errors import InputError
from orchestrator.inventory.patterns import NoMatch, select, split_pattern

# The inventory loader (yaml, the lab's scenarios, the catalog's redaction) loads when a verb
# runs, not when `orchestrate <verb> --help` builds the command (issue 15 item 16).
if TYPE_CHECKING:
    from orchestrator.inventory import Inventory
    from orchestrator.inventory.models import Node

F = TypeVar("F", bound=Callable[..., Any])


def check_directory(option: str, value: str) -> None:
    """Refuse a local directory option that cannot be created or used, before the verb
    contacts anything (otherwise a run would fail late, e.g. while taking its lock)."""
    problem = None
    path = Path(value)
    if not value.strip():
        problem = "empty; give a directory"
    elif any(len(part.encode()) > 255 for part in path.parts):
        problem = "a path component is longer than 255 bytes; give a shorter directory"
    elif path.exists() and not path.is_dir():
        problem = f"{value} is a file, not a directory; give a directory"
    if problem:
        raise InputError(option, problem)


def check_state_dir(value: str) -> None:
    check_directory("--state-dir", value)


def inventory_option(fn: F) -> F:
    return click.option(
        "-i",
        "--inventory",
        "inventory_path",
        required=True,
        metavar="FILE",
        help="Inventory YAML: cluster, connection, Azure target (and lab facts).",
    )(fn)


def output_option(fn: F) -> F:
    return click.option(
        "--output",
        "output",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text: a table for people; json: one document on stdout for tools.",
    )(fn)


def parallel_option(fn: F) -> F:
    return click.option(
        "--parallel",
        type=click.IntRange(min=1, max=256),
        default=8,
        show_default=True,
        help="How many nodes to work on at once.",
    )(fn)


LIMIT_HELP = (
    "Nodes to target, as Ansible host patterns: names, a comma list, globs (node*), "
    "~regex, &intersection, !exclusion; repeat the flag to add (default: all nodes)."
)


def join_limits(_ctx: click.Context, _param: click.Parameter, value: Any) -> str | None:
    """`--limit a --limit b` adds, like `--limit a,b` (issue 15.10); None when not given."""
    if not value:
        return None
    return ",".join(value)


def limit_option(fn: F) -> F:
    return click.option(
        "--limit",
        metavar="NODES",
        multiple=True,
        callback=join_limits,
        shell_complete=complete_limit,
        help=LIMIT_HELP,
    )(fn)


def cluster_limit_option(fn: F) -> F:
    """--limit of a verb whose steps act on the whole cluster: it can only narrow a dry run's
    pre-checks, never the change."""
    return click.option(
        "--limit",
        metavar="NODES",
        multiple=True,
        callback=join_limits,
        shell_complete=complete_limit,
        help="With --dry-run only: pre-check just these nodes (Ansible-style patterns, as for "
        "the node verbs). The change is cluster-wide, so a run refuses --limit (exit 2).",
    )(fn)


def insecure_option(fn: F) -> F:
    return click.option(
        "--insecure",
        is_flag=True,
        help="Allow WinRM over plain HTTP without message encryption (cleartext; warns).",
    )(fn)


def load(path: str) -> Inventory:
    from orchestrator.inventory import load_inventory

    return load_inventory(path)


def select_nodes(inventory: Inventory, limit: str | None) -> list[Node]:
    """The nodes `--limit` selects, in inventory order (orchestrator/inventory/patterns.py)."""
    nodes = list(inventory.cluster.nodes)
    known = ", ".join(n.name for n in nodes)
    if limit is None:
        return nodes
    if not split_pattern(limit):
        # never "all nodes": an empty variable in a script would otherwise widen the target
        raise InputError(
            "--limit", f"empty; name nodes ({known}) or leave --limit out to target all of them"
        )
    try:
        chosen = set(select(limit, [n.name for n in nodes]))
    except NoMatch as error:
        from orchestrator import echo

        # a term is repeated when it is safe to (a secret pasted into --limit is not)
        term = error.term if echo.safe_text(error.term.lstrip("!&~")) else "a term not shown"
        what = f"{term} {error.reason}" if error.term else error.reason
        raise InputError(
            "--limit",
            f"{what} of cluster {inventory.cluster.name}; its nodes are: {known}",
            fix=f"use node names, globs or !exclusions over: {known}",
        ) from None
    return [n for n in nodes if n.name in chosen]
