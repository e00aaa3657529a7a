"""`orchestrate lab serve`: the lab world on the real wire, until Ctrl-C.

Starts one WinRM/PSRP endpoint per simulated node and the ARM + Graph emulator on 127.0.0.1,
writes a ready inventory (transport psrp, the ports, the throw-away CA, the password by
environment variable name; the azure section pointing at the emulator, its token by
environment variable name) and serves until interrupted. Any verb can then run against the
lab through pypsrp and real HTTPS to "Azure":

    export HCI_LAB_PASSWORD='any lab-only password'
    orchestrate lab serve --scenario A1 &
    export HCI_LAB_ARM_TOKEN="$(cat .orchestrate/lab/arm-token)"
    orchestrate precheck -i .orchestrate/lab/inventory.yaml
    orchestrate lab calls --dir .orchestrate/lab      # what each node received, counters

`--fault` arms the lab's named faults (orchestrator/lab/fault_names.py), the same names the
in-process lab and the fault campaign use.

The ARM token is one the lab world issued for its operator account; it is written to a file
readable only by its owner (never into the inventory, never on stdout).

stdout carries the result (where the inventory is, one line per endpoint); progress goes to
stderr.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from orchestrator import echo, terminal
from orchestrator.errors import InputError
from orchestrator.inventory.rules import environment_variable_name
from orchestrator.lab import fault_names

# The world, the emulators (pypsrp's server side, TLS), the inventory loader (yaml) and the
# scenarios load when the lab is served, not for `lab serve --help` (issue 15.16).
if TYPE_CHECKING:
    from orchestrator.inventory.models import Inventory

DEFAULT_DIR = Path(".orchestrate") / "lab"
DEFAULT_PASSWORD_ENV = "HCI_LAB_PASSWORD"  # noqa: S105 (the name of a variable, not a password)
DEFAULT_TOKEN_ENV = "HCI_LAB_ARM_TOKEN"  # noqa: S105 (the name of a variable, not a token)
TOKEN_FILE = "arm-token"  # noqa: S105 (a file name)
# A real ARM token lives about an hour (facts §5) and is refreshed by azure-identity; the lab's
# is exported once per session, so it lasts a working day.
TOKEN_LIFETIME_S = 8 * 3600
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
    from orchestrator.inventory.loader import parse_inventory

    members = [{"name": f"node{i}", "host": f"node{i}.contoso.local"} for i in range(1, nodes + 1)]
    lab: dict[str, Any] = {"seed": seed}
    if scenario:
        lab["scenario"] = scenario
    data = {
        "cluster": {"name": cluster, "nodes": members},
        "connection": {"transport": "lab"},
        "azure": dict(LAB_AZURE),
        "lab": lab,
    }
    return parse_inventory(data, "lab serve")


def _variable_name(option: str, name: str) -> None:
    problem = environment_variable_name(name)
    if problem:
        raise InputError(option, problem)  # never repeated: it may be the secret itself


def _password(password_env: str) -> str:
    _variable_name("--password-env", password_env)
    value = os.environ.get(password_env)
    if not value:
        raise InputError(
            "--password-env",
            f"{echo.variable(password_env, DEFAULT_PASSWORD_ENV)} is not set; export a lab-only "
            "password in it first (the served nodes accept it, the inventory references it by "
            "name)",
        )
    return value


def _write_inventory(path: Path, data: dict[str, Any]) -> None:
    # Written whole, then renamed: whoever waits for the file never reads half of it.
    import yaml

    partial = path.with_suffix(".partial")
    partial.write_text(
        "# Written by `orchestrate lab serve`; valid while it runs.\n"
        + yaml.safe_dump(data, sort_keys=False)
    )
    partial.replace(path)


def _write_token(path: Path, token: str) -> None:
    """Owner-only from creation: the token is never readable by others, not even briefly."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(token)


PID_FILE = "serve.pid"
# One listener thread per node; 64 is issue 16.8's bound for the benchmarks over the wire.
MAX_SERVED_NODES = 64


@contextmanager
def _claimed(directory: Path) -> Iterator[None]:
    """One `lab serve` per directory: a second one would overwrite the first's inventory and
    token, and delete them when it stops. The claim of a process that is gone is taken over."""
    from orchestrator.engine.lock import alive

    path = directory / PID_FILE
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = path.read_text().strip()
            if holder.isdigit() and alive(int(holder)):
                raise InputError(
                    "--dir",
                    f"{directory} is in use by another `orchestrate lab serve` (pid {holder}); "
                    "stop it, or give another --dir",
                ) from None
            path.unlink(missing_ok=True)  # left by a lab that was killed
            continue
        with os.fdopen(descriptor, "w") as file:
            file.write(str(os.getpid()))
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
        return
    raise InputError("--dir", f"{directory}: could not claim {PID_FILE}; try again")


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


def scenario_id(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A scenario ID in any case, as `orchestrate lab scenarios` lists it (A1, C10, ...)."""
    from orchestrator.lab.scenarios import SCENARIOS

    if value is None:
        return None
    if value.upper() not in SCENARIOS:
        raise click.BadParameter(f"{value!r} is not a scenario; use one of: {', '.join(SCENARIOS)}")
    return value.upper()


@click.command()
@click.option(
    "--scenario",
    default=None,
    metavar="ID",
    callback=scenario_id,
    help="Put the lab into one fault scenario of SCENARIOS.md first "
    "(see `orchestrate lab scenarios`).",
)
@click.option(
    "--nodes",
    type=click.IntRange(1, MAX_SERVED_NODES),
    default=4,
    show_default=True,
    help="Cluster size.",
)
@click.option(
    "--latency",
    "latency_spec",
    default=None,
    metavar="SPEC",
    help="Answer every remote command later: 50ms; 20ms,node3=200ms (one node slower); "
    "50ms,jitter=5ms,seed=1 (seeded jitter). For benchmarks (bench/).",
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
@click.option(
    "--fault",
    "fault_specs",
    multiple=True,
    metavar="SPEC",
    help="Arm a named lab fault, the same names as the in-process lab: "
    "NAME[=VALUE][@NODE][:CMDLET][*TIMES], e.g. drop-after@node1:Register-AzStackHCI, "
    f"slow=30:Register-AzStackHCI (names: {', '.join(fault_names.NAMES)}). Repeatable.",
)
@click.option(
    "--token-env",
    default=DEFAULT_TOKEN_ENV,
    show_default=True,
    help="Environment variable the inventory names for the ARM token (export it from the "
    "token file written next to the inventory).",
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
    token_env: str,
    fault_specs: tuple[str, ...],
    latency_spec: str | None,
) -> None:
    """Serve the lab over WinRM/PSRP and ARM/Graph on 127.0.0.1 and write a ready inventory;
    Ctrl-C stops."""
    from orchestrator.lab import world_from_inventory
    from orchestrator.lab.arm_emulator import ArmEmulator
    from orchestrator.lab.call_log import CallLog
    from orchestrator.lab.emulator import Credentials, LabEmulator
    from orchestrator.lab.latency import parse_latency

    if plain_http and auth == "basic" and not insecure:
        raise InputError(
            "--http",
            "basic auth over plain HTTP is cleartext; use --auth ntlm (message encryption), "
            "drop --http (HTTPS), or add --insecure",
        )
    if scenario and nodes < 2:
        raise InputError(
            "--nodes", f"{nodes}: scenario {scenario.upper()} needs at least 2 nodes; use --nodes 2"
        )
    faults = [fault_names.parse(spec) for spec in fault_specs]
    latency = parse_latency(latency_spec, "--latency") if latency_spec else None
    password = _password(password_env)
    _variable_name("--token-env", token_env)
    world = world_from_inventory(lab_inventory("hci01", nodes, scenario, seed))
    fault_names.arm_world(world, faults)
    # absolute, so the inventory's CA and token paths hold from any working directory
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    with _claimed(state_dir):
        emulator = LabEmulator(
            world,
            auth="basic" if auth == "basic" else "negotiate",
            tls=not plain_http,
            allow_unencrypted=insecure,
            credentials=Credentials(USERNAME, password),
            state_dir=state_dir,
            latency=latency,
        )
        inventory_path = state_dir / "inventory.yaml"
        token_path = state_dir / TOKEN_FILE
        calls = CallLog(world, state_dir)
        emulator.on_command = calls.record
        with emulator:
            fault_names.arm_emulator(emulator, faults)
            # One CA for both emulators when the nodes speak HTTPS; the ARM side always does.
            arm = ArmEmulator(world, certificates=emulator.tls_files, state_dir=state_dir)
            with arm:
                data = emulator.inventory(cluster="hci01", password_env=password_env)
                data["azure"] = arm.inventory_azure(token_env)
                try:
                    _write_token(token_path, world.caller_token(lifetime_s=TOKEN_LIFETIME_S))
                    click.echo(f"inventory: {inventory_path}")
                    for endpoint in emulator.endpoints.values():
                        state = "listening" if endpoint.up else "down (connection refused)"
                        click.echo(f"{endpoint.name}: 127.0.0.1:{endpoint.port} {state}")
                    click.echo(f"azure: {arm.url} (ARM and Graph)")
                    for fault in faults:
                        click.echo(f"fault: {fault.describe()}")
                    # what to type next is part of the result (stdout, kept by -q)
                    click.echo(f'export {token_env}="$(cat {token_path})"')
                    sys.stdout.flush()
                    # The inventory is written last: a script (or a test) that waits for it
                    # finds every line above printed, and a Ctrl-C from then on is a stop.
                    _write_inventory(inventory_path, data)
                    terminal.note(
                        f"lab serving {nodes} nodes{f' (scenario {scenario})' if scenario else ''}; "
                        "press Ctrl-C to stop"
                    )
                    _wait_for_interrupt()
                except KeyboardInterrupt:
                    pass  # Ctrl-C is how a served lab is stopped, whenever it comes
                finally:
                    inventory_path.unlink(missing_ok=True)
                    token_path.unlink(missing_ok=True)
                    calls.remove()
    terminal.note("lab stopped")
