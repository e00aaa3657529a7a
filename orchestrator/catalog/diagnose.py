"""Ranked diagnosis of failure text: exact signatures, then error families, then an honest
partial answer naming what was recognised (codes, endpoints, nodes), else "no known cause".

Ranking of families: a specific wording or a reference-table code ranks before a weak, generic
wrapper phrase; among those, a cause family (why: DNS, an expired secret, a missing role) ranks
before a context family (which operation: an AZCM code, an Azure Local step); then codes before
phrases, longer phrases before shorter ones, and earlier text first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import attrs

from orchestrator.catalog.families import ErrorFamily, FamilyTable, load_families
from orchestrator.catalog.models import Evidence, FailureClass, Family, Match
from orchestrator.catalog.needles import required_literal, required_literals
from orchestrator.catalog.redact import redact
from orchestrator.catalog.textview import TextView, canonical
from orchestrator.catalog.timeclaims import time_claims

EXACT = "exact"
FAMILY = "family"
PARTIAL = "partial"
NONE = "none"

_CODE_SCORE = 1000
_PATTERN_SCORE = 150
_PHRASE_SCORE = 100
_WEAK_SCORE = 5
_CONTEXT_CHARS = 90
_MAX = 240  # evidence longer than this is cut to a window around what matched

# When only an exact signature was recognised (no family wording in the text), the family it
# belongs to follows from where the signature's text comes from and what class of failure it is.
_SIGNATURE_FAMILY: Mapping[tuple[Family, FailureClass | None], str] = {
    (Family.REGISTRATION_MESSAGE, None): "hci-registration",
    (Family.REGISTRATION_CODE, None): "hci-registration",
    (Family.HCI_EVENT, None): "hci-registration",
    (Family.ARC_AGENT_CODE, None): "arc-agent",
    (Family.ARC_AGENT_MESSAGE, None): "arc-agent",
    # an Arc extension (the Azure Local mandatory ones) that did not install or enable
    (Family.ARC_AGENT_MESSAGE, FailureClass.PLATFORM): "arc-extension",
    # Go's net errors as azcmagent prints them ("dial tcp ...: connect: network is
    # unreachable", "lookup <host>: no such host"; golang/go src/net/net.go OpError, DNSError)
    # say what the network did, whatever program printed them: the network families.
    (Family.ARC_AGENT_MESSAGE, FailureClass.NETWORK): "network-unreachable",
    (Family.ARC_AGENT_MESSAGE, FailureClass.DNS): "network-dns",
    (Family.ARC_AGENT_MESSAGE, FailureClass.PROXY_FIREWALL): "proxy",
    (Family.ENTRA_ID, FailureClass.CLOCK): "token-time",
    (Family.ENTRA_ID, FailureClass.CONFIGURATION): "entra-tenant",
    (Family.ENTRA_ID, FailureClass.PERMISSION): "entra-consent",
    (Family.ENTRA_ID, None): "entra-client-credential",
    (Family.REMOTING, FailureClass.CREDENTIAL): "remoting-access-denied",
    (Family.REMOTING, FailureClass.TRANSIENT): "network-reset",
    (Family.REMOTING, None): "remoting-unreachable",
}


def signature_family(match: Match) -> str | None:
    """The family an exact signature belongs to; None for a source group this table does not
    map yet (a new group in signatures.yaml): the signature still answers, without a family."""
    sig = match.signature
    return _SIGNATURE_FAMILY.get(
        (sig.family, sig.failure_class), _SIGNATURE_FAMILY.get((sig.family, None))
    )


# ------------------------------------------------------------------------------------------
# Codes
# ------------------------------------------------------------------------------------------

# Case-insensitive: logs and wrappers sometimes re-case the prefix ("aaDSTS90093"); the number is
# what the reference table is keyed by.
_AADSTS = re.compile(r"\bAADSTS(\d{5,7})\b", re.IGNORECASE)
_AADSTS_LIST = re.compile(r"error_codes\W{1,6}(\d{5,7})")
# ubuntu/aad-auth's pam_aad logs the token endpoint's error_codes list when it has no message of
# its own for them ("Unknown error code(s) from server: [50055]"): the same Entra codes, bare.
# Source: ubuntu/aad-auth internal/aad/aad.go @481e1c17d28c, AAD.Authenticate (logger.Err with
# "%v" of the []int ErrorCodes, hence the Go slice's "[50057 50058]" form); seen in issue 361.
_AADSTS_PAM = re.compile(r"Unknown error code\(s\) from server: \[(\d{5,7})")
# The Microsoft Entra sign-in page's troubleshooting details (the browser page of an interactive
# sign-in, as tools that open it paste it: "Error Code: 53003", then "Request Id: <guid>",
# "Correlation Id: <guid>", "Timestamp: ...", "App name: ...") print the AADSTS number bare; the
# reference table is keyed by that number (MicrosoftDocs/entra-docs
# docs/identity-platform/reference-error-codes.md "Lookup current error code information": for
# "AADSTS50058" search https://login.microsoftonline.com/error for "50058"). Only with the page's
# Request Id line right after it: another product's "Error Code: 10054" is not Entra's.
_AADSTS_PAGE = re.compile(
    r"\bError Code:\s{0,4}(\d{5,7})\s{1,8}Request Id:\s{0,4}[0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE
)
_AZCM = re.compile(r"\bAZCM(\d{4})\b")
# Where an error payload names its code: ARM JSON, autorest, az CLI, VS Code, Azure.Core.
_NAMED_CODE = re.compile(
    r"(?:\"code\"\s*:\s*\"|\bCode=\"?|\bErrorCode:\s*|\bError type:\s*|\(Code:\s*)"
    r"([A-Z][A-Za-z_]{3,60})\b"
)
_NAMED_CODE_NEEDLES = ('"code"', "code=", "errorcode:", "error type:", "(code:")
# A CamelCase code in parentheses, as az CLI and Azure.Core print it: "(AuthorizationFailed)".
# It starts with a literal, so the regex engine skips ahead to each "(" by itself.
_CAMEL_CODE = re.compile(r"\((?P<camel>[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+)\)")
_HTTP_STATUS = re.compile(
    r"(?:\bStatus(?:\s*Code)?\s*[:=]?\s*\(?|\bHTTP(?:/\d\.\d)?\s+(?:status\s+)?|"
    r"returned an error:\s*\(|http error:\s*)([45]\d\d)\b",
    re.IGNORECASE,
)
_HTTP_STATUS_NEEDLES = ("status", "http/", "http ", "http\t", "returned an error", "http error")
_HRESULT = re.compile(r"\b0x8[0-9A-Fa-f]{7}\b")
_AZCM_INSTALL = re.compile(r"^01(?:2[7-9]|3\d|4\d|5[0-2])$")


# A word that could be a code of the reference tables (the shape families.py accepts), as a
# whole word: one simple pass, then a set lookup. An alternation of the ~90 codes costs several
# times more on a long log, because the regex engine tries every alternative at every position.
_CODE_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Z][A-Za-z0-9_]{3,60}(?![A-Za-z0-9_])")


def _known_code_words(table: FamilyTable) -> frozenset[str]:
    return frozenset(c for c in table.code_owner if not c.startswith(("AADSTS", "AZCM")))


_KNOWN_CODES: dict[int, frozenset[str]] = {}


def _codes_at(view: TextView, table: FamilyTable) -> list[tuple[int, str]]:
    """(position in view.joined, code) of every code the text names: AADSTS (also in
    "error_codes":[...]), AZCM, and the other codes of the reference tables as whole words."""
    text = view.joined
    found = [(m.start(), f"AADSTS{m.group(1)}") for m in _run(view, _AADSTS)]
    found += [(m.start(), f"AADSTS{m.group(1)}") for m in _run(view, _AADSTS_LIST)]
    found += [(m.start(), f"AADSTS{m.group(1)}") for m in _run(view, _AADSTS_PAM)]
    found += [(m.start(), f"AADSTS{m.group(1)}") for m in _run(view, _AADSTS_PAGE)]
    found += [(m.start(), f"AZCM{m.group(1)}") for m in _run(view, _AZCM)]
    key = id(table)
    if key not in _KNOWN_CODES:
        _KNOWN_CODES[key] = _known_code_words(table)
    known = _KNOWN_CODES[key]
    found += [(m.start(), m.group(0)) for m in _CODE_WORD.finditer(text) if m.group(0) in known]
    return sorted(found)


def _azcm_range_owner(code: str, table: FamilyTable) -> str | None:
    """The AZCM table gives installation failures as ranges (AZCM0127-0146, 0147-0152)."""
    if code.startswith("AZCM") and _AZCM_INSTALL.match(code[4:]):
        return "arc-agent"
    return None


# ------------------------------------------------------------------------------------------
# Entities
# ------------------------------------------------------------------------------------------

_NODE_PATTERNS = (
    re.compile(
        r"on node\(s\)\s*\{?\s*(?P<nodes>[\w-]+(?:\.[\w-]+)*(?:\s*,\s*[\w-]+(?:\.[\w-]+)*)*)"
    ),
    re.compile(r"Connecting to remote server\s+(?P<nodes>[\w-]+)(?:\.[\w.-]+)?\s+failed", re.I),
    re.compile(r"^\s*\[(?P<nodes>[\w-]+)\]\s+Connecting to remote server", re.I),
    re.compile(r"\bPSComputerName\s*:\s*(?P<nodes>[\w-]+)", re.I),
    re.compile(r"\bon (?:cluster )?node\s+[\"']?(?P<nodes>[A-Za-z][\w-]*\d[\w-]*)", re.I),
    re.compile(r"\bhost \[(?P<nodes>[\w-]+)\]"),
)
# (what a line must contain, lower case, before the pattern is worth running, pattern)
_ENDPOINT_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ("http",),
        re.compile(r"https?://(?P<endpoint>[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})(?![\w-])"),
    ),
    (("host=",), re.compile(r"\bhost='(?P<endpoint>[\w.-]+)'")),
    (("lookup",), re.compile(r"\blookup\s+(?P<endpoint>[\w.-]+\.[A-Za-z]{2,})\b")),
    (
        ("resolve host",),
        re.compile(r"resolve host:?\s*\W?(?P<endpoint>[\w.-]+\.[A-Za-z]{2,})"),
    ),
    (("enotfound",), re.compile(r"\bENOTFOUND\s+(?P<endpoint>[\w.-]+\.[A-Za-z]{2,})")),
    ((":",), re.compile(r"\((?P<endpoint>[A-Za-z][\w.-]*\.[A-Za-z]{2,}):\d{2,5}\)")),
    (
        ("connect to", "connection to"),
        re.compile(
            r"\b(?:Connect to|Connection to)\s+(?P<endpoint>[A-Za-z][\w.-]*\.[A-Za-z]{2,})"
            r"(?::\d+)?\b"
        ),
    ),
    (("resolved",), re.compile(r"could not be resolved:\s*'(?P<endpoint>[\w.-]+)'")),
    # a bare host name of a public suffix, lower case as services print them
    (
        (".com", ".net", ".org", ".io", ".cn", ".us", ".de", ".gov", ".cloud"),
        re.compile(
            r"(?<![\w.@/-])(?P<endpoint>[a-z0-9-]+(?:\.[a-z0-9-]+)*\."
            r"(?:com|net|org|io|cn|us|de|gov|cloud))(?![\w.-])"
        ),
    ),
)
_DOTTED_NUMBER = re.compile(r"[\d.]+")
_NOT_HOSTS = re.compile(
    r"\.(?:ps1|psm1|psd1|py|js|cs|json|log|txt|xml|dll|exe|msu|md|cmd|bat|yaml|yml|zip|cab)$", re.I
)
# The words that say something failed: a text with none of them reports no failure (its weak
# wordings name nothing), and a weak phrase declared with `failure_within` counts only with one
# of them (or a failure code) that near.
_FAILURE_TERMS = (
    r"error",
    r"fail(?:ed|ure|s)?",
    r"exception",
    r"denied",
    r"unable",
    r"cannot",
    r"can't",
    r"couldn't",
    r"could not",
    r"refused",
    r"timed out",
    r"invalid",
    r"not found",
    r"forbidden",
    r"unauthori[sz]ed",
    r"blocked",
    r"rejected",
    r"not trusted",
    "can\u2019t",
    "couldn\u2019t",
)


def _literal_of(term: str) -> str:
    """The literal text a failure term's every match contains: the line pre-filter's needle."""
    literal = required_literal(term)
    if literal is None:
        raise ValueError(f"failure term {term!r} has no literal text to pre-filter lines by")
    return literal


_FAILURE_WORDS = re.compile(r"\b(?:" + "|".join(_FAILURE_TERMS) + r")\b", re.IGNORECASE)
_FAILURE_NEEDLES = tuple(_literal_of(term) for term in _FAILURE_TERMS)
# Near a weak phrase declared with `failure_within`: the failure words above, or a failure code
# as Windows prints one (an HRESULT 0x8033810C, a signed -2144108276, an MIT krb5 -1765328189).
# An audit policy's setting is no failure: auditpol's "/failure:enable", a Group Policy audit
# export's "Success and Failure", Ansible's "audit_type: failure" (a script that turns on
# auditing of Kerberos logons reports no Kerberos failure).
_FAILURE_NEAR = re.compile(
    r"(?<!success and )(?<!success, )(?<!audit_type: )\b(?:"
    + "|".join(_FAILURE_TERMS)
    + r")\b(?!:(?:enable|disable))|\b0x[0-9a-f]{8}\b|(?<![\w-])-\d{7,10}\b",
    re.IGNORECASE,
)
_ACTION = re.compile(r"action '(?P<action>[A-Za-z]+\.[A-Za-z]+/[\w/.-]+)'")
_SCOPE = re.compile(r"(?P<scope>/subscriptions/[0-9A-Za-z-]{8,}(?:/[\w().-]+)*)")


@attrs.frozen
class Entities:
    """What the text named, whatever the cause: for the answer and for --output json."""

    nodes: tuple[str, ...] = ()
    endpoints: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {
            "nodes": list(self.nodes),
            "endpoints": list(self.endpoints),
            "codes": list(self.codes),
            "actions": list(self.actions),
            "scopes": list(self.scopes),
            "http_statuses": list(self.statuses),
        }

    failure_words: bool = False

    @property
    def empty(self) -> bool:
        """Nothing a partial answer could name. Endpoints, nodes and scopes count only in a
        text that reports a failure at all: a success log that names the portal URL is not a
        partial diagnosis."""
        if self.codes or self.statuses:
            return False
        return not (
            self.failure_words and (self.nodes or self.endpoints or self.actions or self.scopes)
        )


_MAX_ENTITIES = 50  # per kind: a log naming thousands of hosts needs no list of them all


class _Named:
    """Values in first-seen order, once each (case-insensitively), at most _MAX_ENTITIES."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._seen: set[str] = set()

    def add(self, value: str) -> None:
        value = value.strip().strip(".'\"")
        key = value.lower()
        if value and key not in self._seen and len(self.values) < _MAX_ENTITIES:
            self._seen.add(key)
            self.values.append(value)


_NEEDLES: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _needles_of(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if pattern not in _NEEDLES:
        _NEEDLES[pattern] = required_literals(pattern.pattern)
    return _NEEDLES[pattern]


def _run(
    view: TextView, pattern: re.Pattern[str], needles: tuple[str, ...] | None = None
) -> Iterator[re.Match[str]]:
    """Every match of `pattern` in view.joined, in text order, searched only on the lines that
    hold one of its needles (given, or derived from the pattern's literals)."""
    chosen = needles if needles is not None else _needles_of(pattern)
    for start, end in view.joined_spans(chosen):
        yield from pattern.finditer(view.joined, start, end)


def extract_entities(
    view: TextView, table: FamilyTable, codes_at: Sequence[tuple[int, str]] | None = None
) -> Entities:
    nodes, endpoints, codes = _Named(), _Named(), _Named()
    actions, scopes, statuses = _Named(), _Named(), _Named()
    for pattern in _NODE_PATTERNS:
        for match in _run(view, pattern):
            for name in re.split(r"[\s,]+", match.group("nodes")):
                nodes.add(name)
    for words, pattern in _ENDPOINT_PATTERNS:
        for match in _run(view, pattern, words):
            host = match.group("endpoint").rstrip(".")
            if not _NOT_HOSTS.search(host) and not _DOTTED_NUMBER.fullmatch(host):
                endpoints.add(host.lower())
    for _position, code in codes_at if codes_at is not None else _codes_at(view, table):
        codes.add(code)
    named = [(m.start(), m.group(1)) for m in _run(view, _NAMED_CODE, _NAMED_CODE_NEEDLES)]
    named += [(m.start(), m.group("camel")) for m in _CAMEL_CODE.finditer(view.joined)]
    for _position, code in sorted(named):
        codes.add(code)
    for match in _run(view, _HRESULT):
        codes.add(match.group(0).lower())
    for match in _run(view, _HTTP_STATUS, _HTTP_STATUS_NEEDLES):
        statuses.add(match.group(1))
    for match in _run(view, _ACTION):
        actions.add(match.group("action"))
    for match in _run(view, _SCOPE, ("/subscriptions/",)):
        scopes.add(match.group("scope"))
    return Entities(
        tuple(nodes.values),
        tuple(endpoints.values),
        tuple(codes.values),
        tuple(actions.values),
        tuple(scopes.values),
        tuple(statuses.values),
        _reports_failure(view),
    )


# ------------------------------------------------------------------------------------------
# Family matching
# ------------------------------------------------------------------------------------------


@attrs.frozen
class FamilyMatch:
    """A family recognised in the text: how strongly, from what, on which lines."""

    family: ErrorFamily
    score: int
    strong: bool
    first: int  # canonical offset of the earliest hit (earlier text ranks first)
    codes: tuple[tuple[str, str], ...]  # (code, meaning from the reference)
    matched: tuple[str, ...]  # the phrases/patterns that matched, as written in the data
    evidence: tuple[Evidence, ...]
    details: tuple[tuple[str, str], ...]

    def rank_key(self) -> tuple[int, int, int, int]:
        return (int(self.strong), int(self.family.is_cause), self.score, -self.first)

    def to_json(self) -> dict[str, Any]:
        fam = self.family
        details: dict[str, dict[str, None]] = {}  # each key's values, once, in order
        for key, value in self.details:
            details.setdefault(key, {})[value] = None
        return {
            "id": fam.id,
            "area": fam.area,
            "title": fam.title,
            "class": fam.failure_class.value,
            "retryable": fam.retryable,
            "layer": fam.layer,
            "strength": "strong" if self.strong else "weak",
            "codes": [{"code": c, "meaning": m} for c, m in self.codes],
            "matched": list(self.matched),
            "action": fam.action,
            "check": fam.check,
            "reference": fam.reference,
            "details": {key: list(values) for key, values in details.items()},
            "evidence": [e.to_json() for e in self.evidence],
        }


def _excerpt(raw: str, key: str) -> str:
    line = redact(raw).strip()
    if len(line) <= _MAX:
        return line
    at = line.lower().find(key.lower()) if key else -1
    at = max(at, 0)
    start = max(0, at - _CONTEXT_CHARS)
    end = min(len(line), at + len(key) + _CONTEXT_CHARS)
    return ("..." if start else "") + line[start:end] + ("..." if end < len(line) else "")


def _evidence(view: TextView, index: int, key: str, number_base: int) -> Evidence:
    number = index + number_base
    return Evidence(f"line {number}", number, _excerpt(view.raw[index], key))


@lru_cache(maxsize=4096)
def _anchor_word(text: str) -> str:
    words = sorted(re.findall(r"[A-Za-z0-9_]{4,}", text), key=len, reverse=True)
    return words[0] if words else text


class _Accumulator:
    def __init__(self) -> None:
        self.score = 0
        self.strong = False
        self.first: int | None = None
        self.codes: list[tuple[str, str]] = []
        # the phrases/patterns that matched, once each in first-seen order (a dict: a wording
        # on every line of a long log costs one lookup a hit, not a pass over a growing list)
        self.matched: dict[str, None] = {}
        self.lines: dict[int, str] = {}
        self.details: list[tuple[str, str]] = []
        self._details_seen: set[tuple[str, str]] = set()

    def add_details(self, match: re.Match[str]) -> None:
        for name, value in match.groupdict().items():
            if value and value.strip():
                self.add_detail((name, value.strip()))

    def add_detail(self, detail: tuple[str, str]) -> None:
        if detail not in self._details_seen:
            self._details_seen.add(detail)
            self.details.append(detail)

    def hit(self, score: int, strong: bool, offset: int, line: int, key: str) -> None:
        self.score = max(self.score, score)
        self.strong = self.strong or strong
        self.first = offset if self.first is None else min(self.first, offset)
        self.lines.setdefault(line, key)


def _run_flat(view: TextView, flat: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Every match of a wrap-tolerant family pattern in `flat`, searched only around the places
    that hold one of its needles."""
    for start, end in view.flat_spans(flat, _needles_of(pattern)):
        yield from pattern.finditer(flat, start, end)


def family_matches(
    lines: Sequence[str] | TextView,
    table: FamilyTable | None = None,
    *,
    number_base: int = 1,
    codes_at: Sequence[tuple[int, str]] | None = None,
) -> list[FamilyMatch]:
    """Every family recognised in `lines`, best first."""
    table = table or load_families()
    view = lines if isinstance(lines, TextView) else TextView.of(lines)
    found: dict[str, _Accumulator] = {}

    def acc(family_id: str) -> _Accumulator:
        return found.setdefault(family_id, _Accumulator())

    stream_find = _StreamFinder(view.stream).find

    for position, code in codes_at if codes_at is not None else _codes_at(view, table):
        index = view.line_at(position)
        offset = view.starts[index]
        family = table.code_owner.get(code)
        meaning = family.codes[code] if family is not None else None
        if family is None and _azcm_range_owner(code, table):
            family = table.get("arc-agent")
            meaning = "an error occurred while installing the agent (AZCM0127-0152)"
        if family is None or meaning is None:
            continue
        entry = acc(family.id)
        if code in family.weak_codes:
            entry.hit(_WEAK_SCORE, False, offset, index, code)
        else:
            entry.hit(_CODE_SCORE, True, offset, index, code)
        if (code, meaning) not in entry.codes:
            entry.codes.append((code, meaning))
    for family in table:
        for phrase in family.phrases:
            found_at = view.find_all(phrase.canonical)
            if phrase.spelled is not None and phrase.failure_within is not None and found_at:
                found_at = _near_a_failure(
                    view, phrase.spelled, len(phrase.canonical), phrase.failure_within, found_at
                )
            for at in found_at:
                spanned = view.lines_between(at, at + len(phrase.canonical))
                if phrase.word and not phrase.word.search("".join(view.raw[i] for i in spanned)):
                    continue  # the identifier is only part of a longer one
                entry = acc(family.id)
                score = _WEAK_SCORE if phrase.weak else _PHRASE_SCORE + len(phrase.canonical)
                for index in spanned:
                    entry.hit(score, not phrase.weak, at, index, _anchor_word(phrase.text))
                entry.matched[("~" if phrase.weak else "") + phrase.text] = None
        for pattern in family.patterns:
            flats = (view.flat,) if view.raw_flat == view.flat else (view.flat, view.raw_flat)
            for flat in flats:
                for match in _run_flat(view, flat, pattern):
                    # where the match sits in the canonical stream: searched from the start of
                    # its line, so many matches cost no more than one each
                    line_start = view.starts[view.flat_line_at(flat, match.start())]
                    needle = canonical(match.group(0))
                    at = stream_find(needle, line_start) if needle else -1
                    at = line_start if at < 0 else at
                    entry = acc(family.id)
                    key = _anchor_word(match.group(0))
                    for index in view.lines_between(at, at + max(1, len(needle))):
                        entry.hit(_PATTERN_SCORE, True, at, index, key)
                    entry.matched[pattern.pattern] = None
                    entry.add_details(match)
    if "token-time" in found:
        for detail in time_claims(view.flat):
            found["token-time"].add_detail(detail)
    matches = []
    context = _ContextSearch(view)
    for family_id, entry in found.items():
        family = table.get(family_id)
        if not _context_allows(view, family, context):
            continue
        evidence = tuple(
            _evidence(view, index, key, number_base) for index, key in sorted(entry.lines.items())
        )
        matches.append(
            FamilyMatch(
                family,
                entry.score,
                entry.strong,
                entry.first or 0,
                tuple(entry.codes),
                tuple(entry.matched),
                evidence,
                tuple(entry.details),
            )
        )
    if matches and not any(m.strong for m in matches) and not _reports_failure(view):
        # Only generic wrapper wordings (weak), in a text that reports no failure at all: a path or
        # a component named in a success log is no diagnosis.
        return []
    return _reasons_first(sorted(matches, key=FamilyMatch.rank_key, reverse=True))


def _near_a_failure(
    view: TextView, spelled: re.Pattern[str], length: int, within: int, found_at: list[int]
) -> list[int]:
    """The canonical occurrences (`length` long) of a `failure_within` phrase (`spelled` as it
    may be written) that have a failure word or code within `within` characters of them in the decoded text
    (lines joined by spaces): a setup script or a configuration listing that names a setting is
    no failure of it."""
    flat, kept = view.flat, []
    for at in found_at:
        lines = view.lines_between(at, at + length)
        start = view.flat_starts[lines.start]
        after = lines[-1] + 1
        end = view.flat_starts[after] - 1 if after < len(view.flat_starts) else len(flat)
        for written in spelled.finditer(flat, start, end):
            window = flat[max(0, written.start() - within) : written.end() + within]
            if _FAILURE_NEAR.search(window):
                kept.append(at)
                break
    return kept


def _reports_failure(view: TextView) -> bool:
    return any(True for _ in _run(view, _FAILURE_WORDS, _FAILURE_NEEDLES))


def _context_allows(view: TextView, family: ErrorFamily, context: _ContextSearch) -> bool:
    """The family's `requires` context is present (when it has one) and no `unless` context
    is: the text is about what the family is, not about a failure that shares its wording."""
    found = context.found
    if family.requires and not any(found(p) for p in family.requires):
        return False
    return not any(row.search(view.flat, found) for row in family.unless)


class _ContextSearch:
    """Whether a `requires`/`unless` pattern occurs in a text's decoded flat form, each
    distinct pattern searched once per text (families share rows: the identity providers
    every Entra family is not), and not at all when none of its needles (the literals every
    match contains, needles.py) is in the lower-cased text: on a long log a search that
    finds nothing reads the whole text."""

    def __init__(self, view: TextView) -> None:
        self._flat = view.flat
        self._lowered = view.lowered.get(view.flat) or view.flat.lower()
        self._found: dict[tuple[str, int], bool] = {}

    def found(self, pattern: re.Pattern[str]) -> bool:
        key = (pattern.pattern, pattern.flags)
        if key not in self._found:
            needles = _needles_of(pattern)
            self._found[key] = (
                needles is None or any(needle in self._lowered for needle in needles)
            ) and pattern.search(self._flat) is not None
        return self._found[key]


class _StreamFinder:
    """str.find on the canonical stream, remembering each needle's last answer: a later search
    from a start at or before that answer has the same answer, so a needle that is not where
    it was looked for (a match in the raw text whose canonical form the decoding changed) is
    looked for past it once, not once per match."""

    def __init__(self, stream: str) -> None:
        self._stream = stream
        self._last: dict[str, tuple[int, int]] = {}

    def find(self, needle: str, start: int) -> int:
        last = self._last.get(needle)
        if last is not None:
            since, answer = last
            if since <= start and (answer < 0 or start <= answer):
                return answer
        answer = self._stream.find(needle, start)
        self._last[needle] = (start, answer)
        return answer


def _reasons_first(ranked: list[FamilyMatch]) -> list[FamilyMatch]:
    """A strong family that `explains` another one ranked above it moves just before it: the
    reason is named before the symptom it explains (families.yaml `explains`)."""
    result = list(ranked)
    for match in ranked:
        if not match.strong or not match.family.explains:
            continue
        at = result.index(match)
        above = [i for i, m in enumerate(result[:at]) if m.family.id in match.family.explains]
        if above:
            result.insert(above[0], result.pop(at))
    return result


# ------------------------------------------------------------------------------------------
# The ranked answer
# ------------------------------------------------------------------------------------------

# What each area's partial answer suggests running when nothing more is known.
_AREA_CHECKS: Mapping[str, str] = {
    "entra-id": "orchestrate precheck -i INVENTORY",
    "arm": "orchestrate precheck -i INVENTORY",
    "arc-agent": "orchestrate status -i INVENTORY",
    "network": "orchestrate precheck -i INVENTORY --limit NODE",
    "remoting": "orchestrate precheck -i INVENTORY --limit NODE",
}

ENTRA_REFERENCE = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes"
ARM_REFERENCE = "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors"
AZCM_REFERENCE = "https://learn.microsoft.com/azure/azure-arc/servers/troubleshoot-agent-onboard"


@attrs.frozen
class Diagnosis:
    exact: tuple[Match, ...]
    families: tuple[FamilyMatch, ...]
    entities: Entities
    # States the text shows that no family is (families.yaml `layer: condition`): named by a
    # partial answer, never as the family.
    conditions: tuple[FamilyMatch, ...] = ()

    @property
    def confidence(self) -> str:
        if self.exact:
            return EXACT
        if self.families:
            return FAMILY
        if self.conditions or not self.entities.empty:
            return PARTIAL
        return NONE

    @property
    def family(self) -> str | None:
        """The family named first: the top family recognised in the text, else the family of
        the first exact signature."""
        decisive = [m for m in self.exact if m.signature.decides_retry] or list(self.exact)
        for match in decisive:
            if match.signature.error_family:
                return match.signature.error_family
        if self.families:
            return str(self.families[0].family.id)
        return signature_family(decisive[0]) if decisive else None

    @property
    def retryable(self) -> bool | None:
        """Exact signatures decide first (every decisive one must be retryable); else the
        families: the strong cause families if any, else strong context families, else the
        weak ones; all must be retryable. None when nothing decisive was recognised."""
        from orchestrator.catalog.classify import retry_decision

        decision = retry_decision(self.exact)
        if decision is not None:
            return decision
        return family_retry_decision(self.families)

    def summary(self) -> str:
        """One line: "<family>: <title> for <endpoint> on <nodes>", or the partial answer."""
        family = self.family
        named_by = [m for m in self.exact if m.signature.error_family == family]
        if named_by:
            return f"{family}: {named_by[0].signature.title}"
        named = [m for m in self.families if m.family.id == family]
        if named:
            return f"{family}: {describe_family(named[0], self.entities)}"
        if self.exact:
            return f"{family or self.exact[0].signature.id}: {self.exact[0].signature.title}"
        return partial_summary(self.entities, self.conditions)


def family_retry_decision(matches: Iterable[FamilyMatch]) -> bool | None:
    matches = [m for m in matches if not m.family.is_condition]
    for group in (
        [m for m in matches if m.strong and m.family.is_cause],
        [m for m in matches if m.strong],
        matches,
    ):
        if group:
            return all(m.family.retryable for m in group)
    return None


def describe_family(match: FamilyMatch, entities: Entities) -> str:
    text = match.family.title
    if match.codes:
        text += f" ({', '.join(code for code, _ in match.codes[:3])})"
    if entities.endpoints and match.family.area in ("network", "tls", "proxy"):
        text += f" for {entities.endpoints[0]}"
    if entities.nodes:
        text += f" on {', '.join(entities.nodes[:4])}"
    return text


def _code_area(code: str) -> tuple[str, str]:
    if code.startswith("AADSTS"):
        return "an Entra ID sign-in error no family here explains", ENTRA_REFERENCE
    if code.startswith("AZCM"):
        return "an Arc agent error code not in the AZCM table", AZCM_REFERENCE
    if code.startswith("0x"):
        return (
            "a Windows HRESULT",
            "https://learn.microsoft.com/windows/win32/debug/system-error-codes",
        )
    return "an Azure error code", ARM_REFERENCE


def partial_codes(entities: Entities, table: FamilyTable) -> list[tuple[str, str, str]]:
    """The codes the text names that no family owns: (code, what kind, where to look)."""
    out = []
    for code in entities.codes:
        if code in table.code_owner:
            continue
        kind, reference = _code_area(code)
        out.append((code, kind, reference))
    return out


def partial_check(entities: Entities) -> str:
    codes = entities.codes
    if any(c.startswith("AZCM") for c in codes):
        command = _AREA_CHECKS["arc-agent"]
    elif any(c.startswith("AADSTS") for c in codes) or entities.actions or entities.scopes:
        command = _AREA_CHECKS["entra-id"]
    elif entities.endpoints or entities.nodes:
        command = _AREA_CHECKS["network"]
    else:
        command = "orchestrate collect-logs -i INVENTORY"
    return fill_nodes(command, entities)


def fill_nodes(command: str, entities: Entities) -> str:
    """A check command with its NODE placeholder replaced by the nodes the text names."""
    if entities.nodes and "NODE" in command:
        return command.replace("NODE", ",".join(entities.nodes[:4]))
    return command


def partial_summary(entities: Entities, conditions: Sequence[FamilyMatch] = ()) -> str:
    shown = [describe_family(m, entities) for m in conditions]
    if entities.empty and not shown:
        return "no known cause"
    if shown:
        head = "no family names it, but the text shows: " + "; ".join(shown)
        return head if entities.empty else f"{head}; it also names " + _named(entities)
    return "no known cause, but the text names " + _named(entities)


def _named(entities: Entities) -> str:
    parts = []
    if entities.statuses:
        parts.append(f"HTTP status {', '.join(entities.statuses[:3])}")
    if entities.codes:
        parts.append(f"code(s) {', '.join(entities.codes[:5])}")
    if entities.endpoints:
        parts.append(f"endpoint(s) {', '.join(entities.endpoints[:3])}")
    if entities.nodes:
        parts.append(f"node(s) {', '.join(entities.nodes[:4])}")
    if entities.actions:
        parts.append(f"action {entities.actions[0]}")
    return "; ".join(parts)


def diagnose_lines(
    lines: Sequence[str],
    exact: Sequence[Match],
    table: FamilyTable | None = None,
    *,
    number_base: int = 1,
) -> Diagnosis:
    table = table or load_families()
    view = TextView.of(lines)
    codes_at = _codes_at(view, table)
    found = family_matches(view, table, number_base=number_base, codes_at=codes_at)
    conditions = tuple(m for m in found if m.family.is_condition)
    answers = [m for m in found if not m.family.is_condition]
    if any(m.strong for m in conditions) and not any(m.strong for m in answers):
        # only generic wrappers (weak wordings) besides a specific state the text shows: the
        # wrapper says that something failed, the state says what (an expired certificate
        # behind "certificate verify failed")
        answers = []
    return Diagnosis(
        tuple(exact), tuple(answers), extract_entities(view, table, codes_at), conditions
    )
