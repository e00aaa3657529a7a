"""Shared CLI plumbing: logging to stderr, options every verb takes, loading the inventory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.logging import RichHandler

from orchestrator import echo
from orchestrator.errors import InputError
from orchestrator.inventory import Inventory, load_inventory
from orchestrator.inventory.models import Node

F = TypeVar("F", bound=Callable[..., Any])


def configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = RichHandler(console=Console(stderr=True), show_time=False, show_path=False)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("pypsrp", "urllib3", "spnego", "transitions"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


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


def limit_option(fn: F) -> F:
    return click.option(
        "--limit",
        metavar="NODES",
        default=None,
        help="Comma-separated node names to target (default: all nodes).",
    )(fn)


def cluster_limit_option(fn: F) -> F:
    """--limit of a verb whose steps act on the whole cluster: it can only narrow a dry run's
    pre-checks, never the change."""
    return click.option(
        "--limit",
        metavar="NODES",
        default=None,
        help="With --dry-run only: pre-check just these comma-separated nodes. The change is "
        "cluster-wide, so a run refuses --limit (exit 2).",
    )(fn)


def insecure_option(fn: F) -> F:
    return click.option(
        "--insecure",
        is_flag=True,
        help="Allow WinRM over plain HTTP without message encryption (cleartext; warns).",
    )(fn)


def load(path: str) -> Inventory:
    return load_inventory(path)


def select_nodes(inventory: Inventory, limit: str | None) -> list[Node]:
    if limit is None:
        return list(inventory.cluster.nodes)
    if not limit.strip(", "):
        # never "all nodes": an empty variable in a script would otherwise widen the target
        raise InputError(
            "--limit",
            f"empty; name nodes ({', '.join(n.name for n in inventory.cluster.nodes)}) or leave "
            "--limit out to target all of them",
        )
    wanted = [name.strip() for name in limit.split(",") if name.strip()]
    known = {n.name.lower(): n for n in inventory.cluster.nodes}
    unknown = [w for w in wanted if w.lower() not in known]
    if unknown or not wanted:
        raise InputError(
            "--limit",
            f"{', '.join(n if echo.safe_text(n) else '(a name not shown)' for n in unknown) or echo.quoted(limit)} is not a node of {inventory.cluster.name}; "
            f"use names from: {', '.join(n.name for n in inventory.cluster.nodes)}",
        )
    return [known[w.lower()] for w in wanted]
