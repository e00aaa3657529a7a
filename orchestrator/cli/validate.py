"""`orchestrate validate -i INV`: the inventory read and checked offline (issue 15.11), like
`terraform validate`: its shape and values, and that every credential it names can be found
(environment variables set, a credential kind known), without contacting a node or Azure."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from orchestrator import echo
from orchestrator.cli.support import inventory_option, load, output_option
from workflows import FLOWS, load_workflow

# The engine's credential checks and the output load when the verb runs, not for --help (15.16).
if TYPE_CHECKING:
    from orchestrator.inventory.models import Inventory


def _credentials(inventory: Inventory) -> list[dict[str, Any]]:
    """What the inventory names as credentials and where each is found; never a value, and a
    variable's name only when it is safe to repeat (echo.segment)."""
    from orchestrator.engine.preflight import ENVIRONMENT_CREDENTIAL_SETS

    found: list[dict[str, Any]] = []
    connection = inventory.connection
    if connection.transport != "psrp":
        return found  # the in-process lab takes no credentials (check_credentials skips it too)
    if connection.transport == "psrp" and connection.password_env:
        found.append(
            {
                "field": "connection.password_env",
                "source": f"environment variable {echo.segment(connection.password_env)}",
            }
        )
    azure = inventory.azure
    if azure is not None:
        kind = azure.credential
        if kind.startswith("token_env:"):
            source = f"environment variable {echo.segment(kind.split(':', 1)[1])}"
        elif kind == "environment":
            names = next(
                (n for n in ENVIRONMENT_CREDENTIAL_SETS if all(os.environ.get(v) for v in n)), ()
            )
            source = "environment variables " + ", ".join(names) if names else "environment"
        elif kind == "cli":
            source = "the Azure CLI's sign-in (`az login`), read when a flow runs"
        else:
            source = "the machine's managed identity, read when a flow runs"
        found.append({"field": "azure.credential", "source": source})
    return found


@click.command("validate")
@inventory_option
@click.option(
    "--flow",
    type=click.Choice(FLOWS),
    default=None,
    help="Also check what this flow needs (e.g. register needs the azure section).",
)
@output_option
def validate(inventory_path: str, flow: str | None, output: str) -> None:
    """Check an inventory offline: nothing is contacted.

    Reads and validates every field, then checks that the credentials it names are there:
    the connection's password_env variable is set (psrp), the azure credential's variables
    are set (environment, token_env:NAME). With --flow, also what that flow needs.

    Exit 0 when valid, 2 with the field and the fix when not."""
    from orchestrator.engine.preflight import check_credentials, check_inventory_credentials
    from orchestrator.output import FORMAT_VERSION, write_json

    inventory = load(inventory_path)
    if flow is not None:
        check_credentials(load_workflow(flow), inventory)
    else:
        check_inventory_credentials(inventory, needs_azure=inventory.azure is not None)
    credentials = _credentials(inventory)
    names = [n.name for n in inventory.cluster.nodes]
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "command": "validate",
        "inventory": inventory.source,
        "valid": True,
        "cluster": inventory.cluster.name,
        "nodes": names,
        "transport": inventory.connection.transport,
        "flow": flow,
        "credentials": credentials,
        "exit_code": 0,
    }
    if output == "json":
        write_json(document, sys.stdout)
        return
    click.echo(
        f"{inventory.source}: valid; cluster {inventory.cluster.name}, "
        f"{len(names)} nodes ({', '.join(names)}), "
        f"transport {inventory.connection.transport}" + (f", ready for {flow}" if flow else "")
    )
    for item in credentials:
        click.echo(f"  {item['field']}: from {item['source']}")
    if not credentials:
        click.echo("  credentials: none needed (the lab transport takes none)")
