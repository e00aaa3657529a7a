"""Benchmark: start-up of `orchestrate` against `ansible-playbook --version`.

Both are started as new processes, --rounds times each, interleaved (paired runs); printed is
the ratio of the medians (orchestrate / ansible-playbook) for `orchestrate --version`,
`orchestrate --help`, `orchestrate precheck --help` and `orchestrate register --help` (a verb's
help imports that verb, which loads its flow). Issue 15.16's goal: every ratio <= 0.50.

    .venv/bin/python bench/startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lab_runs import machine


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)  # noqa: S603 (fixed commands)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    ansible = shutil.which("ansible-playbook", path=str(bindir)) or shutil.which("ansible-playbook")
    orchestrate = str(bindir / "orchestrate")
    print(f"# start-up; machine: {machine()}")
    if ansible is None:
        print("ansible-playbook is not installed: nothing to compare with")
        return
    commands = {
        "ansible": [ansible, "--version"],
        "version": [orchestrate, "--version"],
        "help": [orchestrate, "--help"],
        "precheck-help": [orchestrate, "precheck", "--help"],
        "register-help": [orchestrate, "register", "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            times[name].append(timed(command))
    base = statistics.median(times["ansible"])
    for name in ("version", "help", "precheck-help", "register-help"):
        label = " ".join(commands[name][1:])
        print(
            f"orchestrate {label}: {statistics.median(times[name]) / base:.2f}x "
            f"ansible-playbook --version (medians of {args.rounds})"
        )


if __name__ == "__main__":
    main()
