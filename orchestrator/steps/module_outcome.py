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
        """The catalog's title and remediation for every known failure in the evidence."""
        found: list[str] = []
        for match in classify("\n".join(self.evidence())):
            line = f"{match.signature.title}: {match.signature.remediation}"
            if line not in found:
                found.append(line)
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
            parts.append("; ".join(_first_lines(lines)))
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


def _first_lines(lines: Iterable[str]) -> list[str]:
    """Each line as the user would scan it: multi-line host messages keep their text lines,
    the formatted exception dump keeps its Exception line."""
    shown: list[str] = []
    for line in lines:
        rows = [r.strip() for r in line.splitlines() if r.strip()]
        keep = [r for r in rows if not r.startswith(("CategoryInfo", "TargetObject"))]
        shown.append(" ".join(keep[:3]) if keep else line.strip())
    return shown
