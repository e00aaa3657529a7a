"""`orchestrate diagnose [FILE|-]`: known failure causes in a log, console capture, event
export or azcmagent output, each with its evidence, class, remediation and command.

Exit codes: 0 when the input was read, whether or not a known cause was found (diagnose
reports; it does not judge the run that produced the text); 2 when the input cannot be read.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import IO, Any

import click

from orchestrator.catalog import Match, classify, load_catalog, retry_decision
from orchestrator.cli.support import output_option
from orchestrator.errors import InputError
from orchestrator.output import FORMAT_VERSION, write_json

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


def render_text(name: str, line_count: int, matches: list[Match]) -> str:
    if not matches:
        return (
            f"{name}: {NOTHING_FOUND} in {line_count} line(s).\n"
            f"The catalog knows {len(load_catalog())} signatures (docs/troubleshooting.md); "
            "collect more evidence with `orchestrate collect-logs`, or read the text by hand.\n"
        )
    out = [f"{name}: {len(matches)} known cause(s) in {line_count} line(s)\n"]
    for number, match in enumerate(matches, start=1):
        sig = match.signature
        scenarios = ", ".join(sig.scenarios) or "-"
        out.append(f"[{number}] {sig.id}: {sig.title}")
        out.append(
            f"    class: {sig.failure_class.value}; {_retry_word(sig.retryable)}; "
            f"scenarios: {scenarios}"
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
    decision = retry_decision(matches)
    verdict = {True: "retryable", False: "not retryable", None: "no retry decision"}[decision]
    out.append(f"Overall: {verdict} (one non-retryable cause makes the failure permanent).")
    return "\n".join(out) + "\n"


def render_document(name: str, line_count: int, matches: list[Match]) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "command": "diagnose",
        "input": name,
        "lines": line_count,
        "recognised": bool(matches),
        "message": None if matches else NOTHING_FOUND,
        "retryable": retry_decision(matches),
        "causes": [m.to_json() for m in matches],
    }


@click.command()
@click.argument("source", metavar="[FILE|-]", required=False, default="-")
@output_option
def diagnose(source: str, output: str) -> None:
    """Explain known failures in logs, events or console output.

    Reads console output, a RegisterHCI_*.log, an event export (Get-WinEvent | Format-List,
    wevtutil text or XML) or azcmagent output (text or -j JSON).

    Prints each cause with its evidence line, class, retry decision, remediation and the
    command to run. Secrets in the input (tokens, client secrets) are masked.
    Exit 0 when the input was read (found or not), 2 when it cannot be read."""
    name, text = read_input(source, sys.stdin)
    matches = classify(text)
    line_count = len(text.splitlines())
    if output == "json":
        write_json(render_document(name, line_count, matches), sys.stdout)
    else:
        click.echo(render_text(name, line_count, matches), nl=False)
