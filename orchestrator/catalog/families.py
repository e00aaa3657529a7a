"""Error families (families.yaml): what a failure is, recognised from public reference tables
(Entra ID AADSTS codes, ARM error codes, the azcmagent AZCM table) and from how each runtime
words network, TLS, proxy and remoting failures. Loaded and validated once; a malformed entry
never reaches a user.

A family's rows are written in these forms (each checked here, a malformed row failing the load
with the family's id and the field):
- phrases: a string ("~" first when weak) or {text, weak, failure_within} (_phrase_entry);
- patterns: a regex, or {pattern, beside, within}: the pattern with a match of `beside` at most
  `within` characters before or after it, compiled here into the one regex
  `(?:B).{0,N}?(?:P)|(?:P).{0,N}?(?:B)` (_beside_row), so a context shared by several rows is
  written once (a YAML anchor) and the matcher sees a plain regex;
- unless: a regex, or {pattern, except} where the family's own marks lift the refusal (_unless).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import attrs
import yaml

from orchestrator.catalog.models import CatalogError, FailureClass
from orchestrator.catalog.textview import canonical

DATA_FILE = "families.yaml"

AREAS = (
    "entra-id",
    "token-time",
    "arm",
    "network",
    "tls",
    "proxy",
    "remoting",
    "arc-agent",
    "hci-registration",
    "azure-local",
)

AREA_TITLES: Mapping[str, str] = {
    "entra-id": "Entra ID sign-in (AADSTS codes)",
    "token-time": "Token time claims and clock skew",
    "arm": "Azure Resource Manager error codes",
    "network": "Network failures (.NET, Go, curl, Python, PowerShell wordings)",
    "tls": "TLS: interception, trust and revocation",
    "proxy": "Proxies",
    "remoting": "PowerShell Remoting / WinRM",
    "arc-agent": "Arc Connected Machine agent and extensions",
    "hci-registration": "Azure Stack HCI registration",
    "azure-local": "Azure Local deployment and update",
}

CAUSE = "cause"
CONTEXT = "context"
# A state the text shows that none of the families is (an expired server certificate is neither a
# trust failure nor a clock): recognised, shown in a partial answer with its action, never named
# as the family; a generic wrapper (a weak wording) beside it yields to it.
CONDITION = "condition"
LAYERS = (CAUSE, CONTEXT, CONDITION)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A code is a word of the reference tables: AADSTS50076, AZCM0026, IDX10223, CamelCase ARM codes,
# upper-case errno-style names (ENOTFOUND, CRYPT_E_REVOCATION_OFFLINE) or Graph's Authorization_*.
_CODE = re.compile(r"^(?:AADSTS\d{5,7}|AZCM\d{4}|IDX\d{5}|[A-Z][A-Za-z0-9_]{3,60})$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+$")
_MIN_PHRASE = 6  # canonical characters; shorter phrases would match inside unrelated words
# The farthest a failure may be from a weak phrase declared with failure_within: one sentence or
# a record's message, not a page.
_MAX_FAILURE_WITHIN = 1000
_PHRASE_FIELDS = {"text", "weak", "failure_within"}
_UNLESS_FIELDS = {"pattern", "except"}
_BESIDE_FIELDS = {"pattern", "beside", "within"}
# The farthest a pattern row's `beside` context may be from its pattern: a wrapper's stack trace
# or a record's fields around it, not a whole log.
_MAX_BESIDE_WITHIN = 2000
# a named group (an entity's name, defined once per regex) or a back-reference (numbered or named):
# the beside form writes each part twice, which would repeat the name or renumber the groups
_WRITTEN_ONCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]|\(\?P[<=]")
_FIELDS_REQUIRED = {"id", "area", "title", "class", "retryable", "layer", "reference", "action"}
_FIELDS_OPTIONAL = {
    "check",
    "codes",
    "phrases",
    "patterns",
    "examples",
    "explains",
    "requires",
    "unless",
}


@attrs.frozen
class Phrase:
    text: str
    canonical: str
    weak: bool
    # An identifier phrase (an OAuth error field such as invalid_resource, a chromium error name)
    # must stand as a whole word in the text: its canonical form is also inside longer
    # identifiers (invalid_resource inside ARM's InvalidResourceName).
    word: re.Pattern[str] | None = None
    # A weak phrase that is also a setting's or a feature's name (TrustedHosts, Kerberos, a
    # quota's name) appears in setup scripts, configuration listings and runbooks that report no
    # failure: declared with `failure_within: N`, it counts only where a failure word or a failure
    # code is within N characters of it in the text (diagnose.py, on the shared failure words).
    failure_within: int | None = None
    # the phrase as it may be written in the decoded, space-joined text (any punctuation, spacing
    # or line wrap between its letters), to measure that distance; set with failure_within
    spelled: re.Pattern[str] | None = None


@attrs.frozen
class Unless:
    """One `unless` row: where `regex` matches, the text is about something the family is not,
    except where one of the family's own marks (`marks`) appears anywhere in the text. Rows of
    one family that share a marks pattern (written once, a YAML anchor) share one compiled
    pattern: the loader compiles each distinct marks pattern of a family once."""

    regex: re.Pattern[str]
    marks: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str, found: Callable[[re.Pattern[str]], bool] | None = None) -> bool:
        """The row applies: its pattern is in the text and none of its marks is. `found`, when
        given, answers whether a pattern is in the text (diagnose's cache of the searches one
        text needs: families share rows)."""
        seen = found or (lambda pattern: pattern.search(text) is not None)
        if not seen(self.regex):
            return False
        return self.marks is None or not seen(self.marks)


@attrs.frozen
class ErrorFamily:
    """One family: how to recognise it, what it means, what to do, where that is written."""

    id: str
    area: str
    title: str
    failure_class: FailureClass
    retryable: bool
    layer: str
    reference: str
    action: str
    check: str | None
    codes: Mapping[str, str]
    # Codes the reference describes as a generic wrapper of several reasons (AADSTS50012
    # "Authentication failed for one of the following reasons"): they name the family only
    # when no specific wording or code of another family does, like a weak phrase.
    weak_codes: frozenset[str]
    phrases: tuple[Phrase, ...]
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...]
    # Families this one is the reason for, when both are seen in one text: .NET reports a TLS
    # handshake that found no common protocol as "The underlying connection was closed"
    # (network-reset), and a WinRM HTTPS listener's untrusted certificate is a TLS trust
    # failure (tls-untrusted) whose fix is the node's listener (remoting-certificate).
    explains: tuple[str, ...] = ()
    # Context the family needs somewhere in the text, when its wordings are shared with
    # failures it is not (a VM extension failure is an Arc extension's only on an Arc machine):
    # without a match of one of these the family is not named.
    requires: tuple[re.Pattern[str], ...] = ()
    # Context that shows the text is about something the family is not (CredSSP's encryption
    # oracle remediation is Remote Desktop's, not WinRM's): with a match the family is not named,
    # except where the row's marks of the family itself appear (Unless.marks).
    unless: tuple[Unless, ...] = ()

    @property
    def is_cause(self) -> bool:
        return self.layer == CAUSE

    @property
    def is_condition(self) -> bool:
        return self.layer == CONDITION


@attrs.frozen
class FamilyTable:
    families: tuple[ErrorFamily, ...]
    # code (as written in the reference) -> family that owns it
    code_owner: Mapping[str, ErrorFamily]

    def get(self, family_id: str) -> ErrorFamily:
        for family in self.families:
            if family.id == family_id:
                return family
        raise KeyError(family_id)

    def __iter__(self) -> Any:
        return iter(self.families)

    def __len__(self) -> int:
        return len(self.families)


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{key} must be non-empty text")
    return value.strip()


def _list(entry: Mapping[str, Any], key: str) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{key} must be a list of strings")
    return value


def _codes(entry: Mapping[str, Any]) -> tuple[dict[str, str], frozenset[str]]:
    """The family's codes and which of them are weak (written with a leading "~")."""
    value = entry.get("codes") or {}
    if not isinstance(value, dict):
        raise CatalogError("codes must map each code to its meaning")
    codes: dict[str, str] = {}
    weak: set[str] = set()
    for raw, meaning in value.items():
        code = raw[1:] if isinstance(raw, str) and raw.startswith("~") else raw
        if not isinstance(code, str) or not _CODE.match(code):
            raise CatalogError(f"code {raw!r} is not an AADSTS/AZCM/IDX or ARM-style code")
        if not isinstance(meaning, str) or not meaning.strip():
            raise CatalogError(f"code {code} needs its meaning from the reference")
        codes[code] = meaning
        if code != raw:
            weak.add(code)
    return codes, frozenset(weak)


def _phrase_entry(raw: Any) -> tuple[str, bool, int | None]:
    """A phrase as written: a string ("~" first when weak) or a mapping with `text`, `weak`
    and `failure_within` (how near a failure must be for the weak phrase to count)."""
    if isinstance(raw, str):
        weak = raw.startswith("~")
        return (raw[1:] if weak else raw), weak, None
    if not isinstance(raw, dict):
        raise CatalogError("phrases must be strings or mappings with text, weak, failure_within")
    if unknown := sorted(set(raw) - _PHRASE_FIELDS):
        raise CatalogError(f"phrase {raw.get('text')!r}: unknown field(s) {unknown}")
    text, weak, within = raw.get("text"), raw.get("weak", False), raw.get("failure_within")
    if not isinstance(text, str) or not text.strip() or text.startswith("~"):
        raise CatalogError(f"phrase {text!r}: text must be non-empty (weak: true, not a '~')")
    if not isinstance(weak, bool):
        raise CatalogError(f"phrase {text!r}: weak must be true or false")
    if within is not None:
        if isinstance(within, bool) or not isinstance(within, int):
            raise CatalogError(f"phrase {text!r}: failure_within must be a number of characters")
        if not 1 <= within <= _MAX_FAILURE_WITHIN:
            raise CatalogError(
                f"phrase {text!r}: failure_within must be 1-{_MAX_FAILURE_WITHIN} characters"
            )
        if not weak:
            raise CatalogError(
                f"phrase {text!r}: failure_within is for weak phrases (add weak: true); a "
                "specific wording names its family without a failure beside it"
            )
    return text, weak, within


def _spelled(form: str) -> re.Pattern[str]:
    """A canonical phrase's letters with anything but letters and digits allowed between them."""
    return re.compile("[^a-z0-9]*".join(re.escape(c) for c in form), re.IGNORECASE)


def _phrases(entry: Mapping[str, Any]) -> tuple[Phrase, ...]:
    value = entry.get("phrases") or []
    if not isinstance(value, list):
        raise CatalogError("phrases must be a list")
    phrases = []
    for raw in value:
        text, weak, within = _phrase_entry(raw)
        form = canonical(text)
        if len(form) < _MIN_PHRASE:
            raise CatalogError(f"phrase {raw!r} is too short to recognise anything reliably")
        word = None
        if _IDENTIFIER.match(text):
            word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(text)}(?![A-Za-z0-9_])", re.IGNORECASE)
        spelled = _spelled(form) if within is not None else None
        phrases.append(Phrase(text, form, weak, word, within, spelled))
    return tuple(phrases)


def _patterns(entry: Mapping[str, Any], key: str = "patterns") -> tuple[re.Pattern[str], ...]:
    """The family's `requires` regexes, or its `patterns`: regexes and {pattern, beside, within}
    rows (_beside_row)."""
    if key != "patterns":
        return tuple(_compiled(pattern, "pattern") for pattern in _list(entry, key))
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise CatalogError(f"{key} must be a list")
    compiled = []
    for raw in value:
        if isinstance(raw, dict):
            pattern = _beside_row(raw)
        elif isinstance(raw, str):
            pattern = raw
        else:
            raise CatalogError(
                f"pattern row {raw!r}: a regex or a mapping {{pattern, beside, within}}"
            )
        compiled.append(_compiled(pattern, "pattern"))
    return tuple(compiled)


def _compiled(pattern: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise CatalogError(f"{what} {pattern!r} does not compile: {error}") from None


def _has_top_level_alternation(regex: str) -> bool:
    """A `|` outside any group or character class: the regex needs (?:...) to be one part of a
    concatenation."""
    depth, index, in_class = 0, 0, False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a "]" first in the class (after an optional "^") is a literal
            index += 1 + (regex[index + 1 : index + 2] == "^")
            index += regex[index : index + 1] == "]"
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        index += 1
    return False


def _as_part(regex: str) -> str:
    """The regex as one part of a concatenation: grouped (?:...) only where a top-level `|`
    would otherwise split the concatenation (a group around a plain sequence adds nothing)."""
    return f"(?:{regex})" if _has_top_level_alternation(regex) else regex


def _beside_row(raw: Mapping[str, Any]) -> str:
    """A pattern row {pattern: P, beside: B, within: N}: P with a match of B at most N characters
    before or after it, as the one regex `(?:B).{0,N}?(?:P)|(?:P).{0,N}?(?:B)` (each part
    grouped only where it needs it, _as_part). B is a context (a client, a protocol, a record's
    fields) that P's words need to be this family's; rows sharing one context write it once, a
    YAML anchor. The distance is counted, as every pattern runs, on the decoded text joined into
    one line."""
    name = raw.get("pattern")
    row = f"pattern row {name!r}" if isinstance(name, str) else f"pattern row {raw!r}"
    if unknown := sorted(set(raw) - _BESIDE_FIELDS):
        raise CatalogError(
            f"{row}: unknown key(s) {unknown}; a row's keys are pattern, beside, within"
        )
    parts = {}
    for field in ("pattern", "beside"):
        part = raw.get(field)
        if not isinstance(part, str) or not part:
            raise CatalogError(f"{row}: {field!r} must be a regex (a string)")
        if _compiled(part, f"{row}: {field!r}").search(""):
            raise CatalogError(
                f"{row}: {field!r} {part!r} matches an empty text: the row would need nothing there"
            )
        if _WRITTEN_ONCE.search(part):
            raise CatalogError(
                f"{row}: {field!r} has a named group or a back-reference, which the row's"
                " second copy of it would repeat or renumber"
            )
        parts[field] = _as_part(part)
    within = raw.get("within")
    if isinstance(within, bool) or not isinstance(within, int):
        raise CatalogError(f"{row}: 'within' must be a number of characters")
    if not 1 <= within <= _MAX_BESIDE_WITHIN:
        raise CatalogError(f"{row}: 'within' must be 1-{_MAX_BESIDE_WITHIN} characters")
    pattern, beside, gap = parts["pattern"], parts["beside"], f".{{0,{within}}}?"
    return f"{beside}{gap}{pattern}|{pattern}{gap}{beside}"


def _unless(entry: Mapping[str, Any]) -> tuple[Unless, ...]:
    """The `unless` rows: a regex, or {pattern: <regex>, except: <regex of the family's own
    marks>} for a look-alike that does not count where the text shows the family's marks."""
    value = entry.get("unless") or []
    if not isinstance(value, list):
        raise CatalogError("unless must be a list")
    marks_compiled: dict[str, re.Pattern[str]] = {}
    rows = []
    for raw in value:
        if isinstance(raw, str):
            rows.append(Unless(_compiled(raw, "pattern")))
            continue
        if not isinstance(raw, dict):
            raise CatalogError(f"unless row {raw!r}: a regex or a mapping {{pattern, except}}")
        if unknown := sorted(set(raw) - _UNLESS_FIELDS):
            raise CatalogError(
                f"unless row {raw!r}: unknown key(s) {unknown}; a row's keys are pattern, except"
            )
        pattern, marks = raw.get("pattern"), raw.get("except")
        if not isinstance(pattern, str) or not pattern:
            raise CatalogError(f"unless row {raw!r}: 'pattern' must be a regex (a string)")
        if not isinstance(marks, str) or not marks:
            raise CatalogError(
                f"unless row {raw!r}: 'except' must be a regex (a string) of the family's own"
                " marks, where the row's pattern does not count"
            )
        if marks not in marks_compiled:
            compiled = _compiled(marks, "unless row's except pattern")
            if compiled.search(""):
                raise CatalogError(
                    f"unless row's except pattern {marks!r} matches an empty text: it would"
                    " except every text and the row would never apply"
                )
            marks_compiled[marks] = compiled
        rows.append(Unless(_compiled(pattern, "pattern"), marks_compiled[marks]))
    return tuple(rows)


def _family(entry: Mapping[str, Any]) -> ErrorFamily:
    keys = set(entry)
    if missing := sorted(_FIELDS_REQUIRED - keys):
        raise CatalogError(f"missing field(s) {missing}")
    if unknown := sorted(keys - _FIELDS_REQUIRED - _FIELDS_OPTIONAL):
        raise CatalogError(f"unknown field(s) {unknown}")
    family_id = _text(entry, "id")
    if not _ID.match(family_id):
        raise CatalogError(f"id {family_id!r} must be lowercase words joined by dashes")
    area = _text(entry, "area")
    if area not in AREAS:
        raise CatalogError(f"area {area!r} is not one of {', '.join(AREAS)}")
    layer = _text(entry, "layer")
    if layer not in LAYERS:
        raise CatalogError(f"layer must be {CAUSE}, {CONTEXT} or {CONDITION}")
    if not isinstance(entry["retryable"], bool):
        raise CatalogError("retryable must be true or false")
    try:
        failure_class = FailureClass(entry["class"])
    except ValueError as error:
        raise CatalogError(str(error)) from None
    codes, weak_codes = _codes(entry)
    check = entry.get("check")
    if check is not None and (not isinstance(check, str) or not check.startswith("orchestrate ")):
        raise CatalogError("check must be an orchestrate command")
    family = ErrorFamily(
        id=family_id,
        area=area,
        title=_text(entry, "title"),
        failure_class=failure_class,
        retryable=entry["retryable"],
        layer=layer,
        reference=_text(entry, "reference"),
        action=_text(entry, "action"),
        check=check,
        codes=codes,
        weak_codes=weak_codes,
        phrases=_phrases(entry),
        patterns=_patterns(entry),
        examples=tuple(_list(entry, "examples")),
        explains=tuple(_list(entry, "explains")),
        requires=_patterns(entry, "requires"),
        unless=_unless(entry),
    )
    if not (family.codes or family.phrases or family.patterns):
        raise CatalogError("needs codes, phrases or patterns")
    if not family.examples:
        raise CatalogError("needs examples: reference wordings it must recognise")
    return family


def parse_families(document: Any) -> FamilyTable:
    """Validate a loaded families document; every error names the family it is about."""
    if not isinstance(document, dict) or not isinstance(document.get("families"), list):
        raise CatalogError("the families file must have a top-level 'families' list")
    families: list[ErrorFamily] = []
    owner: dict[str, ErrorFamily] = {}
    for index, entry in enumerate(document["families"]):
        name = entry.get("id", f"#{index}") if isinstance(entry, dict) else f"#{index}"
        if not isinstance(entry, dict):
            raise CatalogError(f"family {name}: must be a mapping")
        try:
            family = _family(entry)
        except CatalogError as error:
            raise CatalogError(f"family {name}: {error}") from None
        if any(f.id == family.id for f in families):
            raise CatalogError(f"family {name}: duplicate id")
        for code in family.codes:
            if code in owner:
                raise CatalogError(
                    f"family {name}: code {code} already belongs to {owner[code].id}"
                )
            owner[code] = family
        families.append(family)
    if not families:
        raise CatalogError("the families file has no families")
    ids = {f.id for f in families}
    for family in families:
        if unknown := sorted(set(family.explains) - (ids - {family.id})):
            raise CatalogError(f"family {family.id}: explains {unknown}: not another family id")
    table = FamilyTable(tuple(families), owner)
    _check_examples(table)
    return table


def _check_examples(table: FamilyTable) -> None:
    """Every example must be answered with its own family first, and every pattern must
    match one of its family's examples: the data proves its own rules."""
    from orchestrator.catalog.diagnose import family_matches

    for family in table:
        for pattern in family.patterns:
            if not any(pattern.search(" ".join(e.split())) for e in family.examples):
                raise CatalogError(
                    f"family {family.id}: pattern {pattern.pattern!r} matches none of its examples"
                )
        for example in family.examples:
            found = family_matches(example.splitlines(), table)
            if not found or found[0].family.id != family.id:
                got = found[0].family.id if found else "nothing"
                raise CatalogError(
                    f"family {family.id}: example {example[:60]!r}... is answered as {got}"
                )


@cache
def load_families() -> FamilyTable:
    text = resources.files("orchestrator.catalog").joinpath(DATA_FILE).read_text("utf-8")
    return parse_families(yaml.safe_load(text))
