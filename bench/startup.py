"""Benchmark: start-up of `orchestrate` against `ansible-playbook --version`.

Every command is started as a new process beside `ansible-playbook --version`, --rounds times:
each round runs, for every command, ansible-playbook and then the command (a pair). Printed per
command is the ratio of the medians (the command's runs / the ansible runs paired with them),
for `orchestrate --version`, `orchestrate --help` and `orchestrate VERB --help` for every verb
and sub-command the click group has (`runs show`, `lab demo`...; taken from the group, so a new
verb is measured without editing this file). Issue 15.16's goal: every ratio <= 0.50.

    .venv/bin/python bench/startup.py [--rounds 7] [VERB ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import machine

GOAL = 0.50


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)  # noqa: S603 (fixed commands)
    return time.perf_counter() - started


def commands_to_time(orchestrate: str, verbs: list[str]) -> dict[str, list[str]]:
    from orchestrator.cli import cli
    from orchestrator.cli.lazy import command_paths

    paths = [" ".join(path) for path in command_paths(cli)]
    unknown = sorted(set(verbs) - set(paths))
    if unknown:
        raise SystemExit(f"no such command: {', '.join(unknown)} (known: {', '.join(paths)})")
    chosen = {"--version": [orchestrate, "--version"], "--help": [orchestrate, "--help"]}
    for path in paths:
        if not verbs or path in verbs:
            chosen[f"{path} --help"] = [orchestrate, *path.split(), "--help"]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("verbs", nargs="*", help="only these commands (e.g. 'runs show')")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    ansible = shutil.which("ansible-playbook", path=str(bindir)) or shutil.which("ansible-playbook")
    print(f"# start-up; machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    if ansible is None:
        print("ansible-playbook is not installed: nothing to compare with")
        return
    commands = commands_to_time(str(bindir / "orchestrate"), args.verbs)
    mine: dict[str, list[float]] = {name: [] for name in commands}
    theirs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            theirs[name].append(timed([ansible, "--version"]))
            mine[name].append(timed(command))
    over = []
    for name in commands:
        ratio = statistics.median(mine[name]) / statistics.median(theirs[name])
        if ratio > GOAL:
            over.append(name)
        print(
            f"orchestrate {name:<24} {ratio:.2f}x ansible-playbook --version "
            f"({statistics.median(mine[name]) * 1000:.0f} / "
            f"{statistics.median(theirs[name]) * 1000:.0f} ms, medians of {args.rounds})"
        )
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    print(f"over {GOAL:.2f}x: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
