"""`orchestrate diagnose [FILE|-]`: known failure causes in a log, console capture, event
export or azcmagent output, each with its evidence, class, remediation and command.

Exit codes: 0 when the input was read, whether or not a known cause was found (diagnose
reports; it does not judge the run that produced the text); 2 when the input cannot be read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from orchestrator.cli.support import output_option
from orchestrator.errors import InputError

# The catalog (its matchers, families and signatures) and the output load where they are used,
# not for --help (issue 15.16).
if TYPE_CHECKING:
    from orchestrator.catalog import Match
    from orchestrator.catalog.diagnose import Diagnosis, Entities, FamilyMatch
    from orchestrator.catalog.families import ErrorFamily

NOTHING_FOUND = "no known failure signature found"
_EVIDENCE_SHOWN = 3  # per cause in text output; JSON carries more


def decode(data: bytes) -> str:
    """Windows tools write UTF-16 (PowerShell 5 Out-File, wevtutil) as often as UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:4096]
    for high_bytes, encoding in ((head[1::2], "utf-16-le"), (head[0::2], "utf-16-be")):
        # UTF-16 without a BOM: the high byte of every ASCII character is NUL. Only a regular
        # pattern counts, so binary data full of NULs is not mistaken for text.
        if len(high_bytes) >= 2 and high_bytes.count(0) * 10 >= len(high_bytes) * 9:
            return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


# Characters no log or console capture is made of: undecodable bytes and control codes other
# than whitespace and ESC (console colours).
_NOT_TEXT = re.compile(r"[\ufffd\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 8192


def _refuse_non_text(name: str, text: str) -> None:
    sample = text[:_SAMPLE]
    if sample and len(_NOT_TEXT.findall(sample)) * 10 > len(sample):
        raise InputError(
            "FILE",
            f"{name} is binary data, not text; give a log, console capture, event export "
            "(Get-WinEvent | Format-List) or azcmagent output",
        )


# Binary files people reach for first, and how to turn them into text diagnose can read.
_BINARY_KINDS = (
    (
        b"PK\x03\x04",
        "a zip archive (azcmagent logs / collect-logs); extract it and diagnose the log files inside",
    ),
    (b"\x1f\x8b", "a gzip archive; extract it and diagnose the log files inside"),
    (
        b"ElfFile\x00",
        "a binary .evtx event log; export it as text first: "
        "Get-WinEvent -Path FILE.evtx | Format-List > events.txt",
    ),
)


def _refuse_binary(name: str, data: bytes) -> None:
    for magic, advice in _BINARY_KINDS:
        if data.startswith(magic):
            raise InputError("FILE", f"{name} is {advice}")


def read_input(source: str, stdin: IO[Any]) -> tuple[str, str]:
    """(name to show, text) from a path or `-`; unreadable input is an InputError (exit 2)."""
    if source == "-":
        if stdin.isatty():
            raise InputError(
                "FILE",
                "nothing to read: give a file (console output, RegisterHCI_*.log, event export, "
                "azcmagent output) or pipe text in with FILE set to -",
            )
        buffer = getattr(stdin, "buffer", None)
        if buffer is None:
            return "<stdin>", str(stdin.read())
        data = buffer.read()
        _refuse_binary("<stdin>", data)
        text = decode(data)
        _refuse_non_text("<stdin>", text)
        return "<stdin>", text
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(
            "FILE",
            f"{source} does not exist; give the path of a log or output file, or - for stdin",
        ) from None
    except IsADirectoryError:
        raise InputError(
            "FILE", f"{source} is a directory; give one file, e.g. {source}/RegisterHCI_*.log"
        ) from None
    except PermissionError:
        raise InputError("FILE", f"{source} is not readable by this user") from None
    except OSError as error:
        raise InputError("FILE", f"{source} cannot be read: {error.strerror or error}") from None
    _refuse_binary(source, data)
    text = decode(data)
    _refuse_non_text(source, text)
    return source, text


def _retry_word(retryable: bool) -> str:
    return "retryable" if retryable else "not retryable"


def _render_exact(out: list[str], matches: Sequence[Match]) -> None:
    for number, match in enumerate(matches, start=1):
        sig = match.signature
        scenarios = ", ".join(sig.scenarios) or "-"
        out.append(f"[{number}] {sig.id}: {sig.title}")
        out.append(
            f"    confidence: exact signature; class: {sig.failure_class.value}; "
            f"{_retry_word(sig.retryable)}; scenarios: {scenarios}"
        )
        for evidence in match.evidence[:_EVIDENCE_SHOWN]:
            out.append(f"    evidence ({evidence.location}): {evidence.text}")
        if len(match.evidence) > _EVIDENCE_SHOWN:
            out.append(f"    ... and {len(match.evidence) - _EVIDENCE_SHOWN} more line(s)")
        details = match.details()
        if details:
            named = "; ".join(f"{key}: {', '.join(values)}" for key, values in details.items())
            out.append(f"    named: {named}")
        out.append(f"    cause: {sig.cause}")
        remediation = sig.remediation.splitlines()
        out.append(f"    what to do: {remediation[0]}")
        out.extend(f"      {line}" for line in remediation[1:])
        command = match.command()
        if command:
            out.append(f"    run: {command}")
        out.append("")


def _render_families(out: list[str], result: Diagnosis) -> None:
    from orchestrator.catalog.diagnose import describe_family

    first = len(result.exact) + 1
    for number, match in enumerate(result.families, start=first):
        fam = match.family
        strength = "family" if match.strong else "family (weak: a generic wording only)"
        out.append(f"[{number}] {fam.id}: {describe_family(match, result.entities)}")
        out.append(
            f"    confidence: {strength}; class: {fam.failure_class.value}; "
            f"{_retry_word(fam.retryable)}; {fam.layer}"
        )
        for evidence in match.evidence[:_EVIDENCE_SHOWN]:
            out.append(f"    evidence ({evidence.location}): {evidence.text}")
        if len(match.evidence) > _EVIDENCE_SHOWN:
            out.append(f"    ... and {len(match.evidence) - _EVIDENCE_SHOWN} more line(s)")
        for code, meaning in match.codes:
            out.append(f"    {code}: {meaning}")
        details = "; ".join(f"{key}: {value}" for key, value in match.details)
        if details:
            out.append(f"    named: {details}")
        _render_action(out, fam, result.entities)
        out.append("")


def _render_condition(out: list[str], match: FamilyMatch, entities: Entities) -> None:
    """A state the text shows that no family is (families.yaml `layer: condition`)."""
    fam = match.family
    out.append(f"    the text shows: {fam.title} ({fam.id})")
    for evidence in match.evidence[:_EVIDENCE_SHOWN]:
        out.append(f"    evidence ({evidence.location}): {evidence.text}")
    for code, meaning in match.codes:
        out.append(f"    {code}: {meaning}")
    _render_action(out, fam, entities)


def _render_action(out: list[str], fam: ErrorFamily, entities: Entities) -> None:
    """What to do, which check tells more (if any, NODE filled with the nodes the text names)
    and the reference, for a family or a condition."""
    from orchestrator.catalog.diagnose import fill_nodes

    action = fam.action.splitlines()
    out.append(f"    what to do: {action[0]}")
    out.extend(f"      {line}" for line in action[1:])
    if fam.check:
        out.append(f"    check: {fill_nodes(fam.check, entities)}")
    out.append(f"    reference: {fam.reference}")


def _render_entities(out: list[str], entities: Entities) -> None:
    named = [
        (label, values)
        for label, values in (
            ("nodes", entities.nodes),
            ("endpoints", entities.endpoints),
            ("codes", entities.codes),
            ("actions", entities.actions),
            ("scopes", entities.scopes),
        )
        if values
    ]
    if named:
        out.append("Named in the text: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in named))


def render_text(name: str, line_count: int, result: Diagnosis) -> str:
    from orchestrator.catalog import load_catalog
    from orchestrator.catalog.diagnose import NONE, PARTIAL, partial_check, partial_codes
    from orchestrator.catalog.families import load_families

    if result.confidence == NONE:
        return (
            f"{name}: {NOTHING_FOUND} in {line_count} line(s): no known cause.\n"
            f"The catalog knows {len(load_catalog())} signatures and {len(load_families())} "
            "error families (orchestrate diagnose --list, docs/troubleshooting.md); collect more "
            "evidence with `orchestrate collect-logs`, or read the text by hand.\n"
        )
    if result.exact:
        head = f"{len(result.exact)} known cause(s)"
    elif result.families:
        head = f"{len(result.families)} family diagnosis(es)"
    else:
        head = NOTHING_FOUND
    out = [
        f"{name}: {head} in {line_count} line(s)",
        f"Diagnosis ({result.confidence}): {result.summary()}",
        "",
    ]
    if result.confidence == PARTIAL:
        out.append("confidence: partial (nothing in the catalog or the families explains it)")
        for match in result.conditions:
            _render_condition(out, match, result.entities)
        for code, kind, reference in partial_codes(result.entities, load_families()):
            out.append(f"    {code}: {kind}; see {reference}")
        out.append(f"    check: {partial_check(result.entities)}")
        _render_entities(out, result.entities)
        return "\n".join(out) + "\n"
    _render_exact(out, result.exact)
    _render_families(out, result)
    _render_entities(out, result.entities)
    decision = result.retryable
    verdict = {True: "retryable", False: "not retryable", None: "no retry decision"}[decision]
    out.append(f"Overall: {verdict} (one non-retryable cause makes the failure permanent).")
    return "\n".join(out) + "\n"


def render_document(name: str, line_count: int, result: Diagnosis) -> dict[str, Any]:
    from orchestrator.catalog.diagnose import PARTIAL, partial_check, partial_codes
    from orchestrator.catalog.families import load_families
    from orchestrator.output import FORMAT_VERSION

    partial = None
    if result.confidence == PARTIAL:
        partial = {
            "codes": [
                {"code": c, "kind": k, "reference": r}
                for c, k, r in partial_codes(result.entities, load_families())
            ],
            "check": partial_check(result.entities),
            "conditions": [m.to_json() for m in result.conditions],
        }
    return {
        "format_version": FORMAT_VERSION,
        "command": "diagnose",
        "input": name,
        "lines": line_count,
        "recognised": bool(result.exact or result.families),
        "confidence": result.confidence,
        "family": result.family,
        "summary": result.summary(),
        "message": None if result.exact or result.families else NOTHING_FOUND,
        "retryable": result.retryable,
        "causes": [m.to_json() for m in result.exact],
        "families": [m.to_json() for m in result.families],
        "entities": result.entities.to_json(),
        "partial": partial,
    }


def render_list() -> str:
    """Every family (by area, with its reference) and every exact signature."""
    from orchestrator.catalog import load_catalog
    from orchestrator.catalog.families import AREA_TITLES, AREAS, load_families

    families = load_families()
    out = [f"{len(families)} error families (ranked after exact signatures):", ""]
    for area in AREAS:
        members = [f for f in families if f.area == area]
        if not members:
            continue
        out.append(f"{AREA_TITLES[area]}")
        for fam in members:
            codes = f"; {len(fam.codes)} codes" if fam.codes else ""
            codes += f"; explains {', '.join(fam.explains)}" if fam.explains else ""
            out.append(
                f"  {fam.id:28} {fam.title} [{fam.layer}; {_retry_word(fam.retryable)}{codes}]"
            )
            out.append(f"  {'':28} reference: {fam.reference}")
        out.append("")
    catalog = load_catalog()
    out.append(f"{len(catalog)} exact signatures:")
    for sig in catalog:
        out.append(f"  {sig.id:42} {sig.title}")
    return "\n".join(out) + "\n"


def list_document() -> dict[str, Any]:
    from orchestrator.catalog import load_catalog
    from orchestrator.catalog.families import load_families
    from orchestrator.output import FORMAT_VERSION

    return {
        "format_version": FORMAT_VERSION,
        "command": "diagnose",
        "families": [
            {
                "id": f.id,
                "area": f.area,
                "title": f.title,
                "class": f.failure_class.value,
                "retryable": f.retryable,
                "layer": f.layer,
                "reference": f.reference,
                "codes": sorted(f.codes),
                "check": f.check,
            }
            for f in load_families()
        ],
        "signatures": [
            {"id": s.id, "title": s.title, "class": s.failure_class.value, "retryable": s.retryable}
            for s in load_catalog()
        ],
    }


@click.command()
@click.argument("source", metavar="[FILE|-]", required=False, default="-")
@click.option(
    "--list",
    "list_only",
    is_flag=True,
    help="Show the error families (with their references) and the exact signatures, then exit.",
)
@output_option
def diagnose(source: str, list_only: bool, output: str) -> None:
    """Explain failures in logs, events or console output.

    Reads console output, a RegisterHCI_*.log, an event export (Get-WinEvent | Format-List,
    wevtutil text or XML), azcmagent output (text or -j JSON), or any Azure, Entra ID, WinRM,
    network or TLS error text, however it is wrapped, escaped or prefixed.

    Answers, best first: exact signatures, then error families from public reference tables
    (AADSTS, ARM and AZCM codes; DNS, timeouts, TLS, proxies, WinRM), each with the evidence
    lines, what to do, the check to run and the reference; else a partial answer naming the
    codes, endpoints and nodes it recognised. Secrets in the input are masked.
    Exit 0 when the input was read (found or not), 2 when it cannot be read."""
    from orchestrator.catalog.classify import diagnose as diagnose_text
    from orchestrator.output import write_json

    if list_only:
        if output == "json":
            write_json(list_document(), sys.stdout)
        else:
            click.echo(render_list(), nl=False)
        return
    name, text = read_input(source, sys.stdin)
    result = diagnose_text(text)
    line_count = len(text.splitlines())
    if output == "json":
        write_json(render_document(name, line_count, result), sys.stdout)
    else:
        click.echo(render_text(name, line_count, result), nl=False)
