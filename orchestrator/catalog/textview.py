"""A tolerant view of failure text: what a message says, whatever its rendering.

The same Azure error reaches a user as console output wrapped at the window's width, a
PowerShell error record (`+ CategoryInfo ...` / `+ FullyQualifiedErrorId ...` blocks), JSON with
its quotes and line breaks escaped once or several times (`\\"`, `\\r\\n`, `\\u0027`), an HTML page
(`&#39;`, `<br/>`), or log lines behind timestamps and prefixes (`time=... level=error msg=`,
`[WARNING]`, `VERBOSE:`, `2024-05-28T06:01:42.58Z`). Family phrases are matched against a
*canonical stream*: the decoded text of every line, lower-cased, with everything but letters and
digits removed, so none of those renderings (nor a word broken across a console wrap) changes
what matches. Each canonical character remembers the input line it came from, so evidence is
always the user's own line, quoted exactly.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence

import attrs

# JSON string escapes as they survive in logs, possibly escaped again (\\\" or \\\\r\\\\n).
_ESCAPED_UNICODE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_ESCAPED_CONTROL = re.compile(r"\\+([rnt])")
_ESCAPED_QUOTE = re.compile(r"\\+([\"'/])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def decode_line(line: str) -> str:
    """A line as its author wrote it: JSON escapes (at any depth), HTML entities and tags
    undone. Only for matching and entity extraction; evidence quotes the raw line."""
    text = line
    if "\\" in text:
        text = _ESCAPED_UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = _ESCAPED_CONTROL.sub(" ", text)
        text = _ESCAPED_QUOTE.sub(lambda m: m.group(1), text)
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    return text


def canonical(text: str) -> str:
    """Lower-case letters and digits only: the form phrases are compared in. Typographic
    apostrophes, punctuation, spacing and line wraps all disappear."""
    return _NOT_WORD.sub("", text.lower())


def _joined(lines: Sequence[str]) -> str:
    return " ".join(" ".join(line.split()) for line in lines)


@attrs.frozen
class TextView:
    """The input's lines (raw and decoded) and their joined canonical stream."""

    raw: tuple[str, ...]
    decoded: tuple[str, ...]
    stream: str
    # stream offset at which each line's canonical text starts (sorted; one per line)
    starts: tuple[int, ...]
    # The decoded lines joined with single spaces: for patterns that need word boundaries but
    # must survive line wraps; and the raw lines joined the same way, for patterns about markup
    # the decoding removes (a proxy's HTML block page).
    flat: str
    raw_flat: str
    # The decoded lines joined with newlines, and where each starts in it: regexes run once
    # over the whole text (one C-level pass, not one call per line) and map back to a line.
    joined: str
    joined_starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[str]) -> TextView:
        decoded = tuple(decode_line(line) for line in lines)
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for line in decoded:
            starts.append(offset)
            part = canonical(line)
            parts.append(part)
            offset += len(part)
        joined_starts: list[int] = []
        at = 0
        for line in decoded:
            joined_starts.append(at)
            at += len(line) + 1
        return cls(
            tuple(lines),
            decoded,
            "".join(parts),
            tuple(starts),
            _joined(decoded),
            _joined(lines),
            "\n".join(decoded),
            tuple(joined_starts),
        )

    def line_of(self, offset: int) -> int:
        """Index of the line the canonical character at `offset` came from."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def line_at(self, position: int) -> int:
        """Index of the line a position in `joined` falls in."""
        return max(0, bisect_right(self.joined_starts, position) - 1)

    def lines_between(self, start: int, end: int) -> range:
        """Indexes of the lines a canonical match [start, end) spans."""
        first = self.line_of(start)
        last = self.line_of(max(start, end - 1))
        return range(first, last + 1)

    def find_all(self, needle: str) -> list[int]:
        """Every canonical offset where `needle` (already canonical) occurs."""
        found: list[int] = []
        at = self.stream.find(needle)
        while at >= 0 and needle:
            found.append(at)
            at = self.stream.find(needle, at + len(needle))
        return found
