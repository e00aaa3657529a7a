"""A node's session that answers a repeated read from memory (issue 16: no repeated reads).

A fact a step or check reads (`azcmagent show -j`, ...) is asked with `read`: its answer is
kept and handed to the next `read` of the same command on this session, until this session
runs anything else (`run`: a command that may change the node, or a read not declared as
one), or the engine forgets it (`forget`: before a retry, whose point is to look again
after waiting, and at the end of the node's pre-checks, since its steps start only after
every node's pre-checks). So a check that follows a step's own postcondition read (the flow's
verification after arc-onboard's connect) costs no second call, and nothing the tool did
in between can be hidden by the memory: every command in between is a `run`, which forgets.

Only successful answers are kept: a failed read is asked again. The engine opens one of
these per node per run (`engine/prechecks.py`, `engine/runner.py`); a session of another
kind (a step's session to another node, a test double) has no memory and `read` runs.
"""

from __future__ import annotations

import threading

from orchestrator.transport.base import Command, CommandResult, NodeSession


class RememberingSession:
    """Wraps a node's session: `read` remembers, `run` forgets then runs (see module doc)."""

    def __init__(self, inner: NodeSession) -> None:
        self.inner = inner
        self.node = inner.node
        self._answers: dict[Command, CommandResult] = {}
        self._lock = threading.Lock()

    def run(self, command: Command) -> CommandResult:
        self.forget()
        return self.inner.run(command)

    def read(self, command: Command) -> CommandResult:
        with self._lock:
            known = self._answers.get(command)
        if known is not None:
            return known
        result = self.inner.run(command)
        if not result.failed:
            with self._lock:
                self._answers[command] = result
        return result

    def forget(self) -> None:
        with self._lock:
            self._answers.clear()

    def close(self) -> None:
        self.forget()
        self.inner.close()


def read(session: NodeSession, command: Command) -> CommandResult:
    """`command`, a read: answered from the session's memory when it has one (see above)."""
    if isinstance(session, RememberingSession):
        return session.read(command)
    return session.run(command)


def forget(session: NodeSession | None) -> None:
    """Drop what `session` remembers (a retry looks again)."""
    if isinstance(session, RememberingSession):
        session.forget()
