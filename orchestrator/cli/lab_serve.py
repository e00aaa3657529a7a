"""`orchestrate lab serve`: the lab world on the real wire, until Ctrl-C.

Starts one WinRM/PSRP endpoint per simulated node on 127.0.0.1, writes a ready inventory
(transport psrp, the ports, the throw-away CA, the password by environment variable name)
and serves until interrupted. Any verb can then run against the lab through pypsrp:

    export HCI_LAB_PASSWORD='any lab-only password'
    orchestrate lab serve --scenario A1 &
    orchestrate precheck -i .orchestrate/lab/inventory.yaml

stdout carries the result (where the inventory is, one line per endpoint); progress goes to
stderr.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click
import yaml

from orchestrator.errors import InputError
from orchestrator.inventory.loader import parse_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.inventory.rules import environment_variable_name
from orchestrator.lab import world_from_inventory
from orchestrator.lab.emulator import Credentials, LabEmulator
from orchestrator.lab.scenarios import SCENARIOS

DEFAULT_DIR = Path(".orchestrate") / "lab"
DEFAULT_PASSWORD_ENV = "HCI_LAB_PASSWORD"  # noqa: S105 (the name of a variable, not a password)
USERNAME = "labadmin"
# The Azure target written into the inventory: the same placeholders as examples/lab-cluster.yaml.
LAB_AZURE = {
    "cloud": "AzureCloud",
    "region": "eastus",
    "subscription_id": "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
    "tenant_id": "3c9d2b71-5e84-4f0a-8b16-7a2e9c4d1f35",
    "resource_group": "hci01-rg",
}


def lab_inventory(cluster: str, nodes: int, scenario: str | None, seed: int) -> Inventory:
    """The world to serve, described (and validated) like a user's lab inventory."""
    members = [{"name": f"node{i}", "host": f"node{i}.contoso.local"} for i in range(1, nodes + 1)]
    lab: dict[str, Any] = {"seed": seed}
    if scenario:
        lab["scenario"] = scenario
    data = {
        "cluster": {"name": cluster, "nodes": members},
        "connection": {"transport": "lab"},
        "lab": lab,
    }
    return parse_inventory(data, "lab serve")


def _password(password_env: str) -> str:
    problem = environment_variable_name(password_env)
    if problem:
        raise InputError("--password-env", f"{password_env!r}: {problem}")
    value = os.environ.get(password_env)
    if not value:
        raise InputError(
            "--password-env",
            f"environment variable {password_env} is not set; export a lab-only password in it "
            "first (the served nodes accept it, the inventory references it by name)",
        )
    return value


def _write_inventory(path: Path, data: dict[str, Any]) -> None:
    # Written whole, then renamed: whoever waits for the file never reads half of it.
    partial = path.with_suffix(".partial")
    partial.write_text(
        "# Written by `orchestrate lab serve`; valid while it runs.\n"
        + yaml.safe_dump(data, sort_keys=False)
    )
    partial.replace(path)


def _wait_for_interrupt() -> None:
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command()
@click.option(
    "--scenario",
    type=click.Choice(sorted(SCENARIOS), case_sensitive=False),
    default=None,
    help="Put the lab into one fault scenario of SCENARIOS.md first.",
)
@click.option(
    "--nodes", type=click.IntRange(1, 16), default=4, show_default=True, help="Cluster size."
)
@click.option("--seed", type=int, default=0, show_default=True, help="The lab's random seed.")
@click.option(
    "--auth",
    type=click.Choice(["basic", "ntlm"]),
    default="basic",
    show_default=True,
    help="basic over HTTPS, or NTLM (over HTTP it uses WinRM message encryption).",
)
@click.option("--http", "plain_http", is_flag=True, help="Listen on plain HTTP instead of HTTPS.")
@click.option(
    "--insecure",
    is_flag=True,
    help="Allow basic auth over plain HTTP (cleartext; for debugging the wire only).",
)
@click.option(
    "--dir",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DIR,
    show_default=True,
    help="Where the inventory and the throw-away CA are written.",
)
@click.option(
    "--password-env",
    default=DEFAULT_PASSWORD_ENV,
    show_default=True,
    help="Environment variable holding the lab password (never written anywhere).",
)
def serve(
    scenario: str | None,
    nodes: int,
    seed: int,
    auth: str,
    plain_http: bool,
    insecure: bool,
    state_dir: Path,
    password_env: str,
) -> None:
    """Serve the lab over WinRM/PSRP on 127.0.0.1 and write a ready inventory; Ctrl-C stops."""
    if plain_http and auth == "basic" and not insecure:
        raise InputError(
            "--http",
            "basic auth over plain HTTP is cleartext; use --auth ntlm (message encryption), "
            "drop --http (HTTPS), or add --insecure",
        )
    password = _password(password_env)
    scenario = next((s for s in SCENARIOS if scenario and s.lower() == scenario.lower()), None)
    world = world_from_inventory(lab_inventory("hci01", nodes, scenario, seed))
    state_dir.mkdir(parents=True, exist_ok=True)
    emulator = LabEmulator(
        world,
        auth="basic" if auth == "basic" else "negotiate",
        tls=not plain_http,
        allow_unencrypted=insecure,
        credentials=Credentials(USERNAME, password),
        state_dir=state_dir,
    )
    inventory_path = state_dir / "inventory.yaml"
    with emulator:
        data = emulator.inventory(cluster="hci01", password_env=password_env)
        data["azure"] = dict(LAB_AZURE)
        _write_inventory(inventory_path, data)
        click.echo(f"inventory: {inventory_path}")
        for endpoint in emulator.endpoints.values():
            state = "listening" if endpoint.up else "down (connection refused)"
            click.echo(f"{endpoint.name}: 127.0.0.1:{endpoint.port} {state}")
        sys.stdout.flush()
        click.echo(
            f"lab serving {nodes} nodes{f' (scenario {scenario})' if scenario else ''}; "
            "press Ctrl-C to stop",
            err=True,
        )
        try:
            _wait_for_interrupt()
        finally:
            inventory_path.unlink(missing_ok=True)
    click.echo("lab stopped", err=True)
