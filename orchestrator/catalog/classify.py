"""Recognising catalog signatures in text and in the project's exceptions.

`classify` answers "which known failures does this show?"; `is_retryable` answers the
engine's question "may the same step, unchanged, succeed if tried again?" from the catalog.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

import attrs

from orchestrator.catalog.diagnose import (
    Diagnosis,
    diagnose_lines,
    family_matches,
    family_retry_decision,
)
from orchestrator.catalog.families import FamilyTable
from orchestrator.catalog.loader import Catalog, load_catalog
from orchestrator.catalog.models import Evidence, Match
from orchestrator.catalog.redact import redact
from orchestrator.catalog.textview import decode_line
from orchestrator.errors import RemoteCommandError, TransportError
from orchestrator.transport.base import CommandResult, ErrorRecord

# Evidence longer than this is cut to a window around the match (wevtutil writes one event
# per line; a JSON document may be a single line).
MAX_EVIDENCE_CHARS = 240
_CONTEXT_CHARS = 90
_CAUSE_DEPTH = 5  # how far down __cause__/__context__ an exception's text is followed

Classifiable = str | BaseException | ErrorRecord | CommandResult


@attrs.frozen
class Line:
    """One unit of input text: where it came from and what it says."""

    location: str
    number: int | None
    text: str


def text_lines(text: str) -> list[Line]:
    """Split input into lines. A JSON document (azcmagent -j, ConvertTo-Json of events) is
    decoded and flattened to `key: value` lines so escaped quotes (\\u0027) do not hide a
    message; event XML has its entities (&apos;) decoded."""
    document = _json_document(text)
    if document is not None:
        return list(_flatten(document, "$"))
    decode_entities = "<Event" in text or "&apos;" in text
    lines: list[Line] = []
    value_column: int | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = html.unescape(raw) if decode_entities else raw
        if value_column and _continues(line, value_column) and lines:
            # Format-List wraps a long value onto lines indented to the value column
            # (`Get-WinEvent | Format-List`); rejoin them so a message matches whole.
            first = lines[-1]
            lines[-1] = attrs.evolve(first, text=f"{first.text} {line.strip()}")
            continue
        key = _FORMAT_LIST_KEY.match(line)
        value_column = len(key.group(0)) if key else None
        lines.append(Line(f"line {number}", number, line))
    return lines


_FORMAT_LIST_KEY = re.compile(r"^\w[\w.-]*(?: [\w.-]+)*\s*: ")


def _continues(line: str, value_column: int) -> bool:
    return (
        len(line) > value_column
        and line[:value_column].isspace()
        and not line[value_column].isspace()
    )


def _json_document(text: str) -> Any:
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def _flatten(value: Any, path: str) -> Iterator[Line]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}")
            if not isinstance(item, dict | list):
                yield Line(f"{path}.{key}", None, f'"{key}": {json.dumps(item)}')
                if isinstance(item, str):
                    yield Line(f"{path}.{key}", None, f"{key}: {item}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{path}[{index}]")


def _exception_lines(error: BaseException) -> list[Line]:
    lines: list[Line] = []
    current: BaseException | None = error
    for _ in range(_CAUSE_DEPTH):
        if current is None:
            break
        if isinstance(current, RemoteCommandError):
            texts = [current.message, current.fully_qualified_error_id or ""]
        elif isinstance(current, TransportError):
            texts = [current.message]
        else:
            texts = [str(current)]
        for text in texts:
            lines.extend(Line("exception", None, part) for part in text.splitlines() if part)
        current = current.__cause__ or current.__context__
    return lines


def _excerpt(line: str, match: re.Match[str]) -> str:
    line = line.strip()
    if len(line) <= MAX_EVIDENCE_CHARS:
        return line
    found = match.group(0).strip()
    at = line.find(found) if found else 0
    start = max(0, at - _CONTEXT_CHARS)
    end = min(len(line), at + len(found) + _CONTEXT_CHARS)
    return ("..." if start else "") + line[start:end] + ("..." if end < len(line) else "")


def _details(match: re.Match[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v.strip()) for k, v in match.groupdict().items() if v and v.strip())


@attrs.frozen
class _Index:
    """Which matchers to try for a line: by the needles it contains, plus those without."""

    needles: tuple[str, ...]
    by_needle: dict[str, tuple[tuple[int, re.Pattern[str]], ...]]
    always: tuple[tuple[int, re.Pattern[str]], ...]


@cache
def _index(catalog: Catalog) -> _Index:
    by_needle: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    always: list[tuple[int, re.Pattern[str]]] = []
    for position, signature in enumerate(catalog.signatures):
        for matcher, needles in zip(signature.matchers, signature.needles, strict=True):
            if not needles:
                always.append((position, matcher))
            for needle in needles:
                by_needle.setdefault(needle, []).append((position, matcher))
    return _Index(tuple(by_needle), {k: tuple(v) for k, v in by_needle.items()}, tuple(always))


def _candidate_lines(
    lines: Sequence[Line], index: _Index
) -> Iterator[tuple[Line, tuple[str, ...]]]:
    """Each line that holds a needle, in order, with the needles it holds. The needles are
    looked for once in the whole lower-cased text (C-level str.find), not once per line, so a
    20,000-line log costs one pass per needle plus work on the few lines that hold one."""
    if index.always:
        for line in lines:
            lowered = line.text.lower()
            yield line, tuple(n for n in index.needles if n in lowered)
        return
    lowered_lines = [line.text.lower() for line in lines]
    whole = "\n".join(lowered_lines)
    starts: list[int] = []
    at = 0
    for text in lowered_lines:
        starts.append(at)
        at += len(text) + 1
    held: dict[int, list[str]] = {}
    for needle in index.needles:
        # past this many hits the needle is on many lines: the per-line test is cheaper
        budget = max(16, len(lines) // 8)
        at = whole.find(needle)
        while at >= 0:
            budget -= 1
            if budget < 0:
                for number, text in enumerate(lowered_lines):
                    if needle in text and needle not in held.get(number, ()):
                        held.setdefault(number, []).append(needle)
                break
            number = bisect_right(starts, at) - 1
            end = starts[number] + len(lowered_lines[number])
            if at + len(needle) <= end:  # within one line, as the per-line test required
                held.setdefault(number, []).append(needle)
            at = whole.find(needle, end + 1 if at + len(needle) <= end else at + 1)
    for number in sorted(held):
        yield lines[number], tuple(held[number])


def scan(lines: Iterable[Line], catalog: Catalog | None = None) -> list[Match]:
    """Every signature seen in `lines`, in order of first appearance, each with all the
    lines that showed it. Lines are redacted before matching, so no secret can reach a
    match's evidence."""
    catalog = catalog or load_catalog()
    index = _index(catalog)
    signatures = catalog.signatures
    found: dict[int, list[Evidence]] = {}
    # the locations each signature's evidence already holds: a set, so a signature seen on
    # every line of a long log costs one lookup per line, not one pass over its evidence
    located: dict[int, set[str]] = {}
    lines = list(lines)
    for line, needles in _candidate_lines(lines, index):
        candidates = list(index.always)
        for needle in needles:
            candidates.extend(index.by_needle[needle])
        if not candidates:
            continue
        # A secret can only shorten a line, never create a needle, so filtering the raw
        # text first and redacting only the few candidate lines is safe.
        text = redact(line.text)
        matched: set[int] = set()
        for position, matcher in sorted(candidates, key=lambda item: item[0]):
            if position in matched:
                continue
            hit = matcher.search(text)
            if hit is None:
                continue
            matched.add(position)
            items = found.setdefault(position, [])
            seen = located.setdefault(position, set())
            # A flattened JSON value yields two lines at one location; show it once.
            if line.location not in seen:
                seen.add(line.location)
                items.append(
                    Evidence(line.location, line.number, _excerpt(text, hit), _details(hit))
                )
    return [Match(signatures[position], tuple(items)) for position, items in found.items()]


def _type_names(error: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(error).__mro__}


def _record_lines(record: ErrorRecord) -> list[Line]:
    parts = (record.message, record.fully_qualified_error_id or "")
    return [Line("error record", None, part) for part in parts if part]


def classify(source: Classifiable, catalog: Catalog | None = None) -> list[Match]:
    """Known failures shown by a text, a PowerShell error record, a command result (text
    output and error records), or an exception (its message, FullyQualifiedErrorId and
    causes; and its type for transport errors)."""
    catalog = catalog or load_catalog()
    if isinstance(source, ErrorRecord):
        return scan(_record_lines(source), catalog)
    if isinstance(source, CommandResult):
        # Native tools (azcmagent) print their AZCM codes on stdout, cmdlets on the error stream.
        lines = [
            Line(f"output {number}", None, text)
            for number, item in enumerate(source.output, start=1)
            if isinstance(item, str)
            for text in item.splitlines()
        ]
        for record in source.errors:
            lines.extend(_record_lines(record))
        # Az.StackHCI reports failures only as host error lines (Write-ErrorLog -> $Host.UI.
        # WriteErrorLine, stackhci.ps1 @06618c80): they are evidence too.
        lines.extend(
            Line(f"host {number}", None, text)
            for number, line in enumerate(source.host_errors, start=1)
            for text in line.splitlines()
        )
        return scan(lines, catalog)
    if isinstance(source, str):
        return scan(text_lines(source), catalog)
    matches = scan(_exception_lines(source), catalog)
    seen = {m.signature.id for m in matches}
    names = _type_names(source)
    for signature in catalog.signatures:
        if signature.id not in seen and names & set(signature.exception_types):
            evidence = Evidence("exception", None, redact(str(source))[:MAX_EVIDENCE_CHARS])
            matches.append(Match(signature, (evidence,)))
    return matches


def retry_decision(matches: Iterable[Match]) -> bool | None:
    """Retry only when every failure the catalog recognised is retryable: one permanent
    cause (a wrong clock behind a retried token fetch) makes the whole failure permanent.
    None when nothing decisive was recognised."""
    decisive = [m for m in matches if m.signature.decides_retry]
    if not decisive:
        return None
    return all(m.signature.retryable for m in decisive)


def _source_texts(source: Classifiable) -> list[str]:
    """The lines of any classifiable source, as plain strings, for family matching."""
    if isinstance(source, str):
        return source.splitlines()
    if isinstance(source, ErrorRecord):
        return [line.text for line in _record_lines(source)]
    if isinstance(source, CommandResult):
        texts = [t for item in source.output if isinstance(item, str) for t in item.splitlines()]
        for record in source.errors:
            texts.extend(line.text for line in _record_lines(record))
        return texts
    return [line.text for line in _exception_lines(source)]


def _tolerant_scan(text: str, catalog: Catalog) -> list[Match]:
    """Exact signatures in the text as written, then in its decoded form (JSON escapes, HTML
    entities undone) for those not found as written; evidence always quotes the raw line."""
    lines = text_lines(text)
    found = scan(lines, catalog)
    seen = {m.signature.id for m in found}
    changed = [
        attrs.evolve(line, text=text)
        for line in lines
        if (text := decode_line(line.text)) != line.text
    ]
    if not changed:
        return found
    raw_by_location = {line.location: line.text for line in lines}
    for match in scan(changed, catalog):
        if match.signature.id in seen:
            continue
        evidence = tuple(
            attrs.evolve(e, text=redact(raw_by_location[e.location]).strip()[:MAX_EVIDENCE_CHARS])
            for e in match.evidence
        )
        found.append(Match(match.signature, evidence))
    return found


def diagnose(
    source: Classifiable, catalog: Catalog | None = None, families: FamilyTable | None = None
) -> Diagnosis:
    """The ranked answer for a text, error record, command result or exception: exact
    signatures, families, and the entities the text names."""
    catalog = catalog or load_catalog()
    exact = (
        _tolerant_scan(source, catalog) if isinstance(source, str) else classify(source, catalog)
    )
    return diagnose_lines(_source_texts(source), exact, families)


def is_retryable(source: Classifiable, catalog: Catalog | None = None) -> bool | None:
    """May the same call succeed if tried again? Exact signatures decide first; where none
    does, the error families recognised in the text (a DNS failure: no; a reset or a 429:
    yes); for a transport error nothing recognises, its own `transient` flag; otherwise None
    (unknown: the caller decides, usually no)."""
    decision = retry_decision(classify(source, catalog))
    if decision is None:
        decision = family_retry_decision(family_matches(_source_texts(source)))
    if decision is None and isinstance(source, TransportError):
        return source.transient
    return decision
