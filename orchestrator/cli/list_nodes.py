"""`--list-nodes`: the nodes a verb would target after --limit, then exit (issue 15.11), like
`ansible-playbook --list-hosts`. Nothing is contacted, planned or journaled."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:  # imported when listing, not when a verb builds its --help (issue 15.16)
    from orchestrator.inventory.models import Inventory, Node

F = TypeVar("F", bound=Callable[..., Any])


def list_nodes_option(fn: F) -> F:
    return click.option(
        "--list-nodes",
        is_flag=True,
        help="List the nodes this would target (after --limit) and exit; contacts nothing.",
    )(fn)


def list_nodes(
    command: str, inventory: Inventory, nodes: Sequence[Node], *, output: str
) -> NoReturn:
    """One name per line (scripts read it as it is), or a document with each node's host."""
    if output == "json":
        from orchestrator.output import FORMAT_VERSION, write_json

        write_json(
            {
                "format_version": FORMAT_VERSION,
                "command": command,
                "cluster": inventory.cluster.name,
                "nodes": [{"node": n.name, "host": n.host} for n in nodes],
                "exit_code": 0,
            },
            sys.stdout,
        )
    else:
        for node in nodes:
            click.echo(node.name)
    sys.exit(0)
