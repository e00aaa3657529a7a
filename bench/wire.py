"""Benchmark over the real wire (WinRM/PSRP via pypsrp, ARM over HTTPS): HTTP round trips per
remote command, and register on 16 served nodes against its critical-path bound.

- round trips per command: WS-Management requests the node's endpoint received per command
  (session set-up excluded), over 20 commands on one session; the goal is 2 (issue 16.4).
  It stays 3 (Command, Receive, Signal): the terminate Signal is what frees the command on a
  real server (docs/psrp.md, "Round trips"); what goes down instead is the number of
  commands, so the register run also prints WS-Management requests and commands per node.
- register: the same bound as bench/critical_path.py (pre-check phase + step phase, calls
  counted at zero latency in the same run, here on the wire), with every remote command
  answered L later by the served endpoints (`lab serve --latency`); wall / bound, goal <= 1.10x.

The served nodes run in their own process, as `orchestrate lab serve` does (and as real nodes
are other machines): the emulator's CPU is not the controller's, and the two do not take turns
on one interpreter lock. Each run also prints what does not move with the machine's load:
TCP connections (= TLS handshakes) and WS-Management requests per node, and the CPU seconds
per remote command of the controller's process (and, of it, inside the commands' own threads:
`PsrpSession.run`, i.e. pypsrp, requests and the transport) and of the emulator's. Two more
ratios, same bound, same run: at zero latency (the CPU floor: what the run costs with no
network at all) and with the emulator inside the benchmark's process (how it was measured
before session 5).

    .venv/bin/python bench/wire.py [--nodes 16] [--latency-ms 50] [--parallel 16]
        [--rounds 3]  (--nodes 1 4 16: the same at each size; the ratio grows with the nodes
        that call at once when the cost is CPU, and stays put when it is waiting. --rounds N:
        the median of N interleaved runs of each kind, with the spread)
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.connection
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import attrs
import yaml

from bench.critical_path import bound_calls
from bench.lab_runs import Lab, machine, run_flow
from orchestrator.cli.lab_serve import lab_inventory
from orchestrator.engine.lock import LOCK_DIR_ENV
from orchestrator.inventory import load_inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.emulator import Credentials, LabEmulator
from orchestrator.lab.latency import Latency
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector, connect
from orchestrator.transport.psrp import PsrpSession
from workflows import register

PASSWORD_ENV = "HCI_BENCH_PASSWORD"  # noqa: S105 (a variable name)
TOKEN_ENV = "HCI_BENCH_ARM_TOKEN"  # noqa: S105 (a variable name)


@attrs.frozen
class Served:
    """What the served nodes counted during one run, and the emulator's CPU seconds."""

    requests: int  # WS-Management requests, all nodes
    commands: int  # remote commands (pipelines), all nodes
    connections: int  # TCP connections accepted (each one TLS handshake), all nodes
    cpu_s: float | None  # the emulator process's CPU time (None: it shared this process)


@contextmanager
def emulators(
    nodes: int, latency_s: float, password: str, root: Path
) -> Iterator[tuple[LabEmulator, dict[str, Any], str]]:
    """The served lab: its WinRM endpoints, the inventory data reaching them, the ARM token."""
    world = world_from_inventory(lab_inventory("hci01", nodes, None, 7))
    wsman = LabEmulator(
        world,
        credentials=Credentials("labadmin", password),
        state_dir=root / "lab",
        latency=Latency(latency_s),
    )
    with wsman, ArmEmulator(world, certificates=wsman.tls_files, state_dir=root / "lab") as arm:
        data = wsman.inventory(cluster="hci01", password_env=PASSWORD_ENV)
        data["azure"] = arm.inventory_azure(TOKEN_ENV)
        yield wsman, data, world.caller_token()


def counts(wsman: LabEmulator, cpu_s: float | None) -> Served:
    endpoints = wsman.endpoints.values()
    return Served(
        requests=sum(len(e.actions) for e in endpoints),
        commands=wsman.latency.total_calls,
        connections=sum(e.connections_accepted for e in endpoints),
        cpu_s=cpu_s,
    )


def serve_in_child(
    pipe: multiprocessing.connection.Connection,
    nodes: int,
    latency_s: float,
    password: str,
    root: str,
) -> None:
    """The emulator's process: serve until the parent says stop, then report the counts."""
    with emulators(nodes, latency_s, password, Path(root)) as (wsman, data, token):
        pipe.send((data, token))
        started = time.process_time()
        pipe.recv()  # the run is over
        pipe.send(counts(wsman, time.process_time() - started))


@contextmanager
def connected(data: dict[str, Any], token: str, root: Path) -> Iterator[Connector]:
    os.environ[TOKEN_ENV] = token
    path = root / "inventory.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    connector = connect(load_inventory(str(path)))
    try:
        yield connector
    finally:
        connector.close()


@contextmanager
def workspace() -> Iterator[tuple[str, Path]]:
    password = secrets.token_urlsafe(18)
    os.environ[PASSWORD_ENV] = password
    with tempfile.TemporaryDirectory(prefix="hci-bench-wire-") as raw:
        root = Path(raw)
        os.environ[LOCK_DIR_ENV] = str(root / "locks")
        yield password, root


@contextmanager
def served(nodes: int, latency_s: float) -> Iterator[tuple[Connector, LabEmulator, Path]]:
    """The emulator in this process (the round-trip count, the bound's call counts)."""
    with workspace() as (password, root), ExitStack() as stack:
        wsman, data, token = stack.enter_context(emulators(nodes, latency_s, password, root))
        yield stack.enter_context(connected(data, token, root)), wsman, root


def round_trips(commands: int = 20) -> float:
    with served(1, 0.0) as (connector, wsman, _root):
        session = connector.transport.open("node1")
        session.run(Command.cmdlet("Get-Service", Name="hcisvc"))  # the pool is open now
        endpoint = wsman.endpoint("node1")
        before = len(endpoint.actions)
        for _ in range(commands):
            session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
        session.close()
        return (len(endpoint.actions) - before) / commands


@contextmanager
def counted(nodes: int) -> Iterator[Lab]:
    with served(nodes, 0.0) as (connector, wsman, root):
        yield Lab(connector, wsman.latency, root)


@attrs.frozen
class Run:
    wall_s: float
    exit_code: int
    client_cpu_s: float  # this process's CPU time during the flow
    served: Served
    command_cpu_s: float = 0.0  # of it, the thread CPU inside the commands (PsrpSession.run)


class CommandCpu:
    """The thread CPU spent inside `PsrpSession.run` (pypsrp, requests, the transport: what one
    remote command costs the controller, without the engine, the pools' opening or Azure),
    summed over the worker threads while installed (bench-only: wraps the method)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._lock = threading.Lock()

    @contextmanager
    def installed(self) -> Iterator[CommandCpu]:
        run = PsrpSession.run

        def timed(session: PsrpSession, command: Command) -> Any:
            started = time.thread_time()
            try:
                return run(session, command)
            finally:
                spent = time.thread_time() - started
                with self._lock:
                    self.seconds += spent

        PsrpSession.run = timed  # type: ignore[method-assign]
        try:
            yield self
        finally:
            PsrpSession.run = run  # type: ignore[method-assign]


def timed_register(nodes: int, latency_s: float, parallel: int, *, own_process: bool) -> Run:
    """One register run against served nodes, timed from the engine's start to its end."""
    if not own_process:
        with served(nodes, latency_s) as (connector, wsman, root):
            assert connector.inventory is not None
            cpu = time.process_time()
            outcome, wall = run_flow(
                register.WORKFLOW, connector.inventory, root / "state", connector, parallel=parallel
            )
            cpu = time.process_time() - cpu
            return Run(wall, int(outcome.exit_code), cpu, counts(wsman, None))
    context = multiprocessing.get_context("spawn")
    with workspace() as (password, root):
        parent, child = context.Pipe()
        process = context.Process(
            target=serve_in_child, args=(child, nodes, latency_s, password, str(root))
        )
        process.start()
        try:
            data, token = parent.recv()
            with connected(data, token, root) as connector, CommandCpu().installed() as inside:
                assert connector.inventory is not None
                cpu = time.process_time()
                outcome, wall = run_flow(
                    register.WORKFLOW,
                    connector.inventory,
                    root / "state",
                    connector,
                    parallel=parallel,
                )
                cpu = time.process_time() - cpu
            parent.send("stop")  # after the connector closed: its Deletes are counted too
            found: Served = parent.recv()
        finally:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        return Run(wall, int(outcome.exit_code), cpu, found, inside.seconds)


def ratio(walls: list[float], bound: float) -> str:
    """The median wall / bound, with the spread when there were several rounds."""
    ratios = sorted(wall / bound for wall in walls)
    middle = f"{statistics.median(ratios):.2f}x"
    return middle if len(ratios) == 1 else f"{middle} ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def report(nodes: int, latency_ms: float, parallel: int, rounds: int) -> None:
    latency = latency_ms / 1000
    found = bound_calls(register.WORKFLOW, lambda: counted(nodes))
    bound = found.calls * latency
    head = f"register  nodes={nodes:<3} parallel={parallel:<3}"
    # Interleaved, so a change of the machine's load falls on all three alike.
    runs, floors, same = [], [], []
    for _ in range(rounds):
        runs.append(timed_register(nodes, latency, parallel, own_process=True))
        floors.append(timed_register(nodes, 0.0, parallel, own_process=True))
        same.append(timed_register(nodes, latency, parallel, own_process=False))
    run = runs[0]
    served_counts = run.served
    commands = max(served_counts.commands, 1)
    emulator_cpu = statistics.median(r.served.cpu_s or 0.0 for r in runs)
    client_cpu = statistics.median(r.client_cpu_s for r in runs)
    command_cpu = statistics.median(r.command_cpu_s for r in runs)
    print(
        f"{head} WS-Management requests per node={served_counts.requests / nodes:.1f}  "
        f"remote commands per node={served_counts.commands / nodes:.1f}  "
        f"TCP connections (TLS handshakes) per node={served_counts.connections / nodes:.1f}",
        flush=True,
    )
    print(
        f"{head} CPU ms per remote command: controller {client_cpu / commands * 1000:.1f} "
        f"(in the command's own thread {command_cpu / commands * 1000:.1f}), "
        f"emulator {emulator_cpu / commands * 1000:.1f} (whole run: "
        f"{client_cpu:.2f} s / {emulator_cpu:.2f} s)",
        flush=True,
    )
    exits = sorted({r.exit_code for r in runs + floors + same})
    print(
        f"{head} wire critical path={found} x {latency_ms:g} ms  "
        f"calls made={served_counts.commands}  "
        f"wall/bound={ratio([r.wall_s for r in runs], bound)}  exit={exits}",
        flush=True,
    )
    print(
        f"{head} same bound: at zero latency (the CPU floor) "
        f"wall/bound={ratio([r.wall_s for r in floors], bound)}; emulator in this process "
        f"wall/bound={ratio([r.wall_s for r in same], bound)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[16])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallel", type=int, nargs="+", default=[16])
    parser.add_argument("--rounds", type=int, default=1, help="median of N runs of each")
    args = parser.parse_args()
    print(f"# over the wire (pypsrp <-> lab emulator); machine: {machine()}")
    print(f"HTTP round trips per remote command: {round_trips():.2f} (goal 2)", flush=True)
    for nodes in args.nodes:
        for parallel in args.parallel:
            report(nodes, args.latency_ms, parallel, args.rounds)


if __name__ == "__main__":
    main()
