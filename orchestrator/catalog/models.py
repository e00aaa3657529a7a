"""The failure catalog's value objects: a signature (one known failure), and a match of it
against some text (which lines, what they named)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from orchestrator.catalog.needles import required_literal

# SCENARIOS.md row ids (../shared/SCENARIOS.md, plus docs/scenarios.md's F rows); a signature
# may only cite these.
KNOWN_SCENARIOS = frozenset(
    [f"A{n}" for n in range(1, 12)]
    + [f"B{n}" for n in range(1, 5)]
    + [f"C{n}" for n in range(1, 12)]
    + [f"D{n}" for n in range(1, 7)]
    + [f"E{n}" for n in range(1, 4)]
    # Azure Local 23H2+ Arc-first registration (issue 13): rows F1-F7 of docs/scenarios.md
    + [f"F{n}" for n in range(1, 8)]
)


class CatalogError(ValueError):
    """The catalog data file is malformed; the message names the entry and the field."""


class FailureClass(StrEnum):
    TRANSIENT = "transient"
    CREDENTIAL = "credential"
    PERMISSION = "permission"
    NETWORK = "network"
    DNS = "dns"
    PROXY_FIREWALL = "proxy-firewall"
    CLOCK = "clock"
    CONFIGURATION = "configuration"
    STATE_CONFLICT = "state-conflict"
    SERVICE = "service"
    PLATFORM = "platform"
    INPUT = "input"
    INTERNAL = "internal"
    INFORMATIONAL = "informational"


CLASS_MEANINGS: Mapping[FailureClass, str] = {
    FailureClass.TRANSIENT: "a passing failure; the same action may succeed later",
    FailureClass.CREDENTIAL: "a secret, token, certificate or app registration is wrong, expired or gone",
    FailureClass.PERMISSION: "the identity lacks an Azure or Entra ID role, consent, or local admin rights",
    FailureClass.NETWORK: "no route to the node or endpoint",
    FailureClass.DNS: "a name does not resolve",
    FailureClass.PROXY_FIREWALL: "a proxy or firewall blocks the endpoint",
    FailureClass.CLOCK: "a node's clock is too far from real UTC",
    FailureClass.CONFIGURATION: "a setting, tenant, region or prerequisite is wrong or missing",
    FailureClass.STATE_CONFLICT: "on-premises and Azure state disagree, or a leftover blocks the action",
    FailureClass.SERVICE: "a Windows service (hcisvc, himds, a cluster role) is stopped or not answering",
    FailureClass.PLATFORM: "the OS or agent version cannot do this",
    FailureClass.INPUT: "a parameter value is invalid",
    FailureClass.INTERNAL: "the tool itself failed; the text around it says more",
    FailureClass.INFORMATIONAL: "not a failure; explains other lines",
}


class Family(StrEnum):
    REGISTRATION_MESSAGE = "registration-message"
    REGISTRATION_CODE = "registration-code"
    HCI_EVENT = "hci-event"
    ENTRA_ID = "entra-id"
    ARC_AGENT_CODE = "arc-agent-code"
    ARC_AGENT_MESSAGE = "arc-agent-message"
    REMOTING = "remoting"


FAMILY_TITLES: Mapping[Family, str] = {
    Family.REGISTRATION_MESSAGE: "Registration and unregistration messages (Register-AzStackHCI, hcisvc)",
    Family.REGISTRATION_CODE: "Registration error codes (WacErrorCode, HCI Registration events 9101-9132)",
    Family.HCI_EVENT: "Microsoft-AzureStack-HCI/Admin events",
    Family.ENTRA_ID: "Entra ID (AADSTS) errors",
    Family.ARC_AGENT_CODE: "Arc Connected Machine agent error codes (AZCM)",
    Family.ARC_AGENT_MESSAGE: "Arc agent connection messages",
    Family.REMOTING: "PowerShell Remoting",
}

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COMMAND_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def event_id_pattern(event_ids: tuple[int, ...]) -> re.Pattern[str]:
    """How a numeric id shows up in event exports and cmdlet output: wevtutil text
    (`Event ID: 591`), event XML (`<EventID Qualifiers='0'>591</EventID>`), Format-List of the
    register result (`WacErrorCode : 9110`) and ConvertTo-Json (`"Id": 591`)."""
    ids = "|".join(str(i) for i in event_ids)
    return re.compile(
        r"(?:<EventID\b[^>]*>\s*|\bEvent\s*ID\s*[:=#]?\s*|\bWacErrorCode\s*[:=]?\s*"
        r'|"(?:EventID|Id|WacErrorCode)"\s*:\s*)'
        rf"(?P<event_id>{ids})\b",
        re.IGNORECASE,
    )


def _non_empty(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise CatalogError(f"{attribute.name} must not be empty")


def _check_id(_: Any, __: attrs.Attribute[Any], value: str) -> None:
    if not _ID.match(value):
        raise CatalogError(f"id {value!r} must be lowercase words joined by dashes")


def _check_scenarios(_: Any, __: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    unknown = sorted(set(value) - KNOWN_SCENARIOS)
    if unknown:
        raise CatalogError(f"scenarios {unknown} are not rows of SCENARIOS.md")


def _check_command(_: Any, __: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not value.startswith("orchestrate "):
        raise CatalogError(f"command {value!r} must be an orchestrate command")


@attrs.frozen
class Signature:
    """One known failure: how to recognise it and what to do about it."""

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_non_empty)
    family: Family
    patterns: tuple[re.Pattern[str], ...]
    event_ids: tuple[int, ...]
    exception_types: tuple[str, ...]
    failure_class: FailureClass
    retryable: bool
    scenarios: tuple[str, ...] = attrs.field(validator=_check_scenarios)
    cause: str = attrs.field(validator=_non_empty)
    remediation: str = attrs.field(validator=_non_empty)
    command: str | None = attrs.field(validator=_check_command)
    source: str = attrs.field(validator=_non_empty)
    overlaps: tuple[str, ...]
    examples: tuple[str, ...]
    # The error family (families.yaml) this failure is, when the text's own codes would say
    # otherwise (AADSTS700027 with an expired key is a clock problem, not a bad certificate).
    error_family: str | None = None
    matchers: tuple[re.Pattern[str], ...] = attrs.field(init=False, eq=False, repr=False)
    # Per matcher: lower-case strings of which a line must contain one before the regex runs
    # (empty: always run). See needles.py.
    needles: tuple[tuple[str, ...], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        extra = (event_id_pattern(self.event_ids),) if self.event_ids else ()
        object.__setattr__(self, "matchers", self.patterns + extra)
        needles: list[tuple[str, ...]] = [
            (literal,) if (literal := required_literal(p.pattern)) else () for p in self.patterns
        ]
        if self.event_ids:
            needles.append(tuple(str(i) for i in self.event_ids))
        object.__setattr__(self, "needles", tuple(needles))
        if not self.matchers and not self.exception_types:
            raise CatalogError("needs patterns, event_ids or exception_types")
        if self.matchers and not self.examples:
            raise CatalogError("needs examples: real lines its patterns match")
        if self.failure_class is FailureClass.INFORMATIONAL and self.retryable:
            raise CatalogError("an informational entry cannot be retryable")
        for matcher, required in zip(self.matchers, self.needles, strict=True):
            matched = [example for example in self.examples if matcher.search(example)]
            if not matched:
                raise CatalogError(f"pattern {matcher.pattern!r} matches none of its examples")
            if required and not all(any(n in e.lower() for n in required) for e in matched):
                raise CatalogError(f"pattern {matcher.pattern!r}: pre-filter {required} too strict")

    @property
    def decides_retry(self) -> bool:
        """Informational entries explain other lines; they never decide a retry."""
        return self.failure_class is not FailureClass.INFORMATIONAL


@attrs.frozen
class Evidence:
    """One line that matched: where it was, its (redacted) text, and what it named."""

    location: str  # "line 12", or a JSON path, or "exception"
    line_number: int | None
    text: str
    details: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "line": self.line_number,
            "text": self.text,
            "details": dict(self.details),
        }


def _split_names(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,{}]+", value) if part]


@attrs.frozen
class Match:
    """A signature recognised in some input, with every line that showed it."""

    signature: Signature
    evidence: tuple[Evidence, ...]

    def details(self) -> dict[str, list[str]]:
        """Everything the evidence named, per capture name, in first-seen order."""
        seen: dict[str, list[str]] = {}
        lowered: dict[str, set[str]] = {}  # each key's values, lower-cased: one lookup a name
        for item in self.evidence:
            for key, value in item.details:
                values = seen.setdefault(key, [])
                known = lowered.setdefault(key, set())
                names = _split_names(value) if key == "nodes" else [value.strip()]
                for name in names:
                    # Windows names are case-insensitive: node2 and NODE2 are one node.
                    if name and name.lower() not in known:
                        known.add(name.lower())
                        values.append(name)
        return seen

    def command(self) -> str | None:
        """The remediation command with placeholders filled from the evidence (e.g. the nodes
        the message named); a placeholder nothing filled stays as an upper-case word."""
        template = self.signature.command
        if template is None:
            return None
        found = self.details()

        def fill(placeholder: re.Match[str]) -> str:
            values = found.get(placeholder.group(1))
            return ",".join(values) if values else placeholder.group(1).upper()

        return _COMMAND_PLACEHOLDER.sub(fill, template)

    def to_json(self, *, max_evidence: int = 20) -> dict[str, Any]:
        sig = self.signature
        return {
            "id": sig.id,
            "title": sig.title,
            "class": sig.failure_class.value,
            "retryable": sig.retryable,
            "scenarios": list(sig.scenarios),
            "cause": sig.cause,
            "remediation": sig.remediation,
            "command": self.command(),
            "source": sig.source,
            "details": self.details(),
            "evidence": [e.to_json() for e in self.evidence[:max_evidence]],
            "evidence_count": len(self.evidence),
        }
