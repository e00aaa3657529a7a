"""What Register-/Unregister-AzStackHCI really said, from all the evidence it leaves.

The module never rethrows (its outer `catch` only logs), writes its failures with
`$Host.UI.WriteErrorLine` (Write-ErrorLog), and ends with `Write-Output $obj | Format-List`
(Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom/stackhci.ps1 @06618c80). So a
call "succeeded" only when the formatted `Result` says so and no host error line contradicts
it; the step then checks the postcondition on the cluster itself. A failure is reported with
the host error lines verbatim (masked), the error records, the log's ERROR lines for this
attempt, and the failure catalog's diagnosis of all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from orchestrator.catalog import classify, redact
from orchestrator.transport.base import CommandResult

# Results the module writes (enum OperationStatus, stackhci.ps1 @06618c80).
SUCCESS = "Success"


@attrs.frozen
class ModuleOutcome:
    """A cmdlet call reduced to what decides its outcome."""

    cmdlet: str
    result: str | None  # the formatted `Result`, None when nothing was written
    fields: Mapping[str, Any]
    host_errors: tuple[str, ...]
    errors: tuple[str, ...]
    log_errors: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, cmdlet: str, result: CommandResult, log_errors: Iterable[str] = ()
    ) -> ModuleOutcome:
        first = next((item for item in result.output if isinstance(item, Mapping)), {})
        value = first.get("Result")
        return cls(
            cmdlet=cmdlet,
            result=str(value) if value not in (None, "") else None,
            fields=dict(first),
            host_errors=tuple(redact(line) for line in result.host_errors),
            errors=tuple(redact(e.message) for e in result.errors),
            log_errors=tuple(redact(line) for line in log_errors),
        )

    @property
    def succeeded(self) -> bool:
        return self.result == SUCCESS and not self.errors

    def evidence(self) -> tuple[str, ...]:
        """Every line that says why, in the order the module wrote them (deduplicated)."""
        seen: list[str] = []
        for line in (*self.host_errors, *self.errors, *self.log_errors):
            text = line.strip()
            if text and text not in seen:
                seen.append(text)
        return tuple(seen)

    def diagnosis(self) -> list[str]:
        """The catalog's title for every known failure in the evidence (`orchestrate diagnose`
        on the same text gives the remediation and the command)."""
        found: list[str] = []
        for match in classify("\n".join(self.evidence())):
            if match.signature.title not in found:
                found.append(match.signature.title)
        return found

    def describe(self) -> str:
        """One message a person can act on: what the cmdlet reported, why, and the fix."""
        said = f"Result {self.result}" if self.result else "no result (it stopped in its catch)"
        parts = [f"{self.cmdlet} reported {said}"]
        detail = self.fields.get("ErrorDetail")
        if detail:
            parts[0] += f" ({detail})"
        lines = self.evidence()
        if lines:
            parts.append("; ".join(condensed(lines)))
        else:
            parts.append(
                "and wrote no error line (a PowerShell host that records host lines is needed "
                "to see why; look in the node's RegisterHCI_*/UnregisterHCI_*.log and its "
                "Application event log, source 'HCI Registration')"
            )
        diagnosis = self.diagnosis()
        if diagnosis:
            parts.append("diagnosis: " + " | ".join(diagnosis))
        return ": ".join(parts[:2]) + ("; " + parts[2] if len(parts) > 2 else "")


_THROWN = "RuntimeException: "


def condensed(lines: Iterable[str]) -> list[str]:
    """Each line as the user would scan it: the message without Write-ErrorLog's
    "CategoryInfo: ..." tail; the catch's "Exception occurred in <cmdlet>" with the message of
    the exception it formats (not the whole Format-List dump). Repeats are dropped."""
    shown: list[str] = []
    for line in lines:
        text = line.split("\nCategoryInfo: ", 1)[0].strip()
        head = text.splitlines()[0] if text else ""
        if head.startswith("Exception occurred in") and _THROWN in text:
            thrown = text.split(_THROWN, 1)[1].splitlines()[0].strip()
            text = f"{head}: {thrown}"
        else:
            text = " ".join(r.strip() for r in text.splitlines() if r.strip())
        if text and not any(text in seen for seen in shown):
            shown.append(text)
    return shown
