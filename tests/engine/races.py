"""Simultaneous starts, made cheap: forked children (the parent's imports are already done)
held at one barrier and released together. No sleeps: a winner holds its lock until the parent
has heard from every contender, so two winners in one trial are two holders at the same time."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from orchestrator.engine.lock import ClusterLock, LockHeld


def forked_together(count: int, child: Callable[[int], bytes]) -> list[bytes]:
    """Fork `count` children, release them at once, and collect what `child(index)` returns in
    each; every child then stays alive (holding whatever it took) until all have answered."""
    go_read, go_write = os.pipe()
    release_read, release_write = os.pipe()
    answers: list[tuple[int, int]] = []
    pids = []
    for index in range(count):
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the test runner
            code = 0
            try:
                os.close(go_write)
                os.close(release_write)
                os.close(answer_read)
                os.read(go_read, 1)  # the barrier: EOF for everyone at the same moment
                os.write(answer_write, child(index) or b"?")
                os.read(release_read, 1)  # EOF once every child has answered
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(answer_write)
        answers.append((index, answer_read))
        pids.append(pid)
    os.close(go_read)
    os.close(go_write)  # go
    os.close(release_read)
    collected = []
    for _index, descriptor in answers:
        collected.append(os.read(descriptor, 4096))
        os.close(descriptor)
    os.close(release_write)  # everyone answered: winners may let go
    for pid in pids:
        os.waitpid(pid, 0)
    return collected


def lock_race(lock_dir: Path, contenders: int) -> int:
    """How many of `contenders` simultaneous processes held the cluster lock at once."""

    held: list[ClusterLock] = []  # referenced until the child exits: a dropped lock is released

    def contend(index: int) -> bytes:
        lock = ClusterLock("hci01", f"run-{index}", lock_dir)
        try:
            lock.acquire()
        except LockHeld:
            return b"R"
        held.append(lock)
        return b"W"

    answers = forked_together(contenders, contend)
    return sum(1 for a in answers if a == b"W")
