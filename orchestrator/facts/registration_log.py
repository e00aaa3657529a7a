"""The lines the last Register-/Unregister-AzStackHCI attempt wrote to its log on a node.

The module logs to C:\\ProgramData\\AzureStackHCI\\Registration\\RegisterHCI_yyyyMMdd-HHmm.log
(facts §1.7); attempts within the same minute append to the same file, each starting with its
"Parameters:" line, so the last attempt is what follows the last such line.
"""

from __future__ import annotations

from orchestrator.transport.base import Command, NodeSession

REGISTRATION_LOG_DIR = "C:\\ProgramData\\AzureStackHCI\\Registration"


def last_attempt_lines(session: NodeSession, prefix: str = "RegisterHCI") -> list[str]:
    """The log lines of the latest attempt; empty when there is no log (or it cannot be read)."""
    listing = session.run(
        Command.cmdlet("Get-ChildItem", Path=REGISTRATION_LOG_DIR, Filter=f"{prefix}_*.log")
    )
    files = [f for f in listing.output if isinstance(f, dict) and f.get("FullName")]
    if listing.errors or not files:
        return []
    # yyyyMMdd-HHmm in the name sorts in time order
    latest = max(files, key=lambda f: str(f.get("Name")))
    content = session.run(Command.cmdlet("Get-Content", Path=str(latest["FullName"])))
    if content.errors:
        return []
    lines = [str(line) for line in content.output]
    starts = [i for i, line in enumerate(lines) if " , INFO , Parameters:" in line]
    return lines[starts[-1] :] if starts else lines
