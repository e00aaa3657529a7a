"""Turn a failed cmdlet into a precise operator instruction, from the failure catalog."""

from __future__ import annotations

import re

from orchestrator.catalog import classify, is_retryable
from orchestrator.engine.runner import NeedsOperator
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import run_checked
from orchestrator.inventory.models import Inventory
from orchestrator.transport.base import Command, CommandResult, NodeSession


def known_failure(error: RemoteCommandError, inventory: Inventory | None) -> NeedsOperator | None:
    """A NeedsOperator naming the catalog's cause, remediation and command when the failure is
    a known, non-retryable one; None when it is retryable (the engine retries it) or unknown
    (it stays a plain failure, exit 1, with the text as the tool printed it)."""
    if is_retryable(error):
        return None
    matches = [m for m in classify(error) if not m.signature.retryable]
    if not matches:
        return None
    lines = [f"{error.node}: {error.message}"]
    for match in matches:
        signature = match.signature
        line = f"{signature.title}: {signature.remediation}"
        if signature.command:
            source = inventory.source if inventory is not None else "INVENTORY"
            line += f" Run: {signature.command.replace('INVENTORY', source)}"
        lines.append(line)
    return NeedsOperator("\n".join(lines))


def run_or_instruct(
    session: NodeSession,
    command: Command,
    inventory: Inventory | None,
    *,
    keep: re.Pattern[str] | None = None,
) -> CommandResult:
    """`run_checked`, with a known failure raised as the catalog's instruction. An error whose
    text matches `keep` is raised unchanged (a step's remediation is waiting for it)."""
    try:
        return run_checked(session, command)
    except RemoteCommandError as error:
        if keep is not None and keep.search(str(error)):
            raise
        instruction = known_failure(error, inventory)
        if instruction is not None:
            raise instruction from error
        raise
