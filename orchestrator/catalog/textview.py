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
from collections.abc import Iterator, Sequence

import attrs

# JSON string escapes as they survive in logs, possibly escaped again (\\\" or \\\\r\\\\n).
_ESCAPED_UNICODE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_ESCAPED_CONTROL = re.compile(r"\\+([rnt])")
_ESCAPED_QUOTE = re.compile(r"\\+([\"'/])")
# A complete HTML character reference: named, decimal or hexadecimal, with its semicolon.
_HTML_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# An HTML tag: a name, then attributes (name, or name=value). Python's own renderings in
# angle brackets are not tags and keep their words: urllib's URLError prints
# "<urlopen error [SSL: ...] ...>" (CPython Lib/urllib/error.py URLError.__str__), and object
# reprs print "<urllib3.connection.HTTPSConnection object at 0x...>".
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]{0,30}"
    r"""(?:\s+[A-Za-z_:][-\w:.]{0,60}(?:\s*=\s*(?:"[^"<>]{0,200}"|'[^'<>]{0,200}'|[^\s"'<>=`]{1,200}))?){0,20}"""
    r"\s*/?>"
)
# How far around a candidate line a wrap-tolerant pattern may reach in the flat text: a
# message wrapped over a few console lines, or a long JSON line; family patterns bound their
# own repetitions far below this.
FLAT_MARGIN = 2000


# Unicode spaces (no-break, thin, ideographic, ...) as text copied from web pages and documents
# carries them: "Could\u00a0not\u00a0find" is "Could not find" to the regexes and needles too.
_UNICODE_SPACES = dict.fromkeys([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " ")


def decode_line(line: str) -> str:
    """A line as its author wrote it: JSON escapes (at any depth), HTML entities and tags
    undone, Unicode spaces made plain. Only for matching and entity extraction; evidence quotes
    the raw line."""
    text = line if line.isascii() else line.translate(_UNICODE_SPACES)
    if "\\" in text:
        text = _ESCAPED_UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
        text = _ESCAPED_CONTROL.sub(" ", text)
        text = _ESCAPED_QUOTE.sub(lambda m: m.group(1), text)
    if "&" in text:
        text = html.unescape(text)
        # escaped twice ("&amp;apos;", "&amp;#39;": a page or feed that escaped an already
        # escaped text): once more, but only complete references (name, decimal or hex, with
        # their semicolon), so a URL's "&notify=" or "&copy=1" is not read as a legacy entity
        if "&" in text:
            text = _HTML_REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    return text


# Every ASCII byte but the letters and digits (and, for _canonical_lines, the newline).
_DROP = bytes(b for b in range(128) if not chr(b).isdigit() and not ("a" <= chr(b) <= "z"))
_DROP_KEEP_NEWLINE = _DROP.replace(b"\n", b"")


def canonical(text: str) -> str:
    """Lower-case letters and digits only: the form phrases are compared in. Typographic
    apostrophes, punctuation, spacing and line wraps all disappear. (The same as removing
    [^0-9a-z] from the lower-cased text, done by C-level encode/translate: non-ASCII characters
    drop out in the encoding, the rest in the translation.)"""
    return text.lower().encode("ascii", "ignore").translate(None, _DROP).decode("ascii")


def _normalised(lines: Sequence[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines]


def _canonical_lines(lines: Sequence[str]) -> list[str]:
    """canonical() of every line, in one C-level pass over the whole text when no line holds a
    newline of its own (an HTML entity can decode to one)."""
    whole = "\n".join(lines).lower().encode("ascii", "ignore")
    parts = whole.translate(None, _DROP_KEEP_NEWLINE).decode("ascii").split("\n")
    if len(parts) == len(lines):
        return parts
    return [canonical(line) for line in lines]


def _starts(parts: Sequence[str], separator: int) -> list[int]:
    """Offset at which each part starts in `separator.join(parts)` (separator's length)."""
    starts: list[int] = []
    at = 0
    for part in parts:
        starts.append(at)
        at += len(part) + separator
    return starts


def _merge(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
    # where each line starts in `flat` and in `raw_flat`
    flat_starts: tuple[int, ...]
    raw_flat_starts: tuple[int, ...]
    # The decoded lines joined with newlines, and where each starts in it: regexes run once
    # over the whole text (one C-level pass, not one call per line) and map back to a line.
    joined: str
    joined_starts: tuple[int, ...]
    # `joined`, `flat` and `raw_flat` lower-cased, to look for needles in; None where
    # lower-casing changed the length (a few non-ASCII letters do), so positions would not
    # line up and every pattern runs over the whole text instead.
    lowered: dict[str, str | None]

    @classmethod
    def of(cls, lines: Sequence[str]) -> TextView:
        decoded = tuple(decode_line(line) for line in lines)
        parts = _canonical_lines(decoded)
        flat_lines, raw_flat_lines = _normalised(decoded), _normalised(lines)
        flat, raw_flat, joined = " ".join(flat_lines), " ".join(raw_flat_lines), "\n".join(decoded)
        lowered: dict[str, str | None] = {}
        for text in (joined, flat, raw_flat):
            lower = text.lower()
            lowered[text] = lower if len(lower) == len(text) else None
        return cls(
            tuple(lines),
            decoded,
            "".join(parts),
            tuple(_starts(parts, 0)),
            flat,
            raw_flat,
            tuple(_starts(flat_lines, 1)),
            tuple(_starts(raw_flat_lines, 1)),
            joined,
            tuple(_starts(decoded, 1)),
            lowered,
        )

    # --- where a regex is worth running -------------------------------------------------------
    # A 20,000-line log is mostly lines no pattern can match. A pattern's needles (lower-case
    # literals one of which every match contains, needles.py) are looked for once in the whole
    # lower-cased text (C-level str.find); the regex then runs only over the lines that hold
    # one, so the work is one pass per needle plus the regex over candidate lines: linear in
    # the text and cheap when the needles are rare.

    def joined_spans(
        self, needles: Sequence[str] | None, *, following: int = 1
    ) -> list[tuple[int, int]]:
        """Spans of `joined` to run a pattern over: each line holding a needle, with the
        `following` lines after it (a value printed on the next line), merged. No needles
        (None): the whole text."""
        whole = [(0, len(self.joined))]
        lowered = self.lowered[self.joined]
        if needles is None or lowered is None:
            return whole
        # Past this many hits the needles are on many lines anyway, and one pass of the regex
        # over everything is cheaper than finding them one by one.
        budget = max(16, len(self.decoded) // 8)
        lines: set[int] = set()
        for needle in needles:
            at = lowered.find(needle)
            while at >= 0:
                budget -= 1
                if budget < 0:
                    return whole
                first = self.line_at(at)
                last = self.line_at(at + len(needle) - 1)
                lines.update(range(first, last + 1))
                # continue after the line that holds this occurrence: one hit per line is enough
                at = lowered.find(needle, self._line_end(last))
        return _merge(
            (self.joined_starts[i], self._line_end(min(i + following, len(self.decoded) - 1)))
            for i in lines
        )

    def _line_end(self, index: int) -> int:
        return self.joined_starts[index] + len(self.decoded[index])

    def flat_spans(self, flat: str, needles: Sequence[str] | None) -> list[tuple[int, int]]:
        """Spans of a flat text (`flat` or `raw_flat`) to run a wrap-tolerant pattern over:
        FLAT_MARGIN characters either side of every needle occurrence, merged; none when no
        needle occurs; the whole text without needles."""
        lowered = self.lowered.get(flat)
        if needles is None or lowered is None:
            return [(0, len(flat))]
        budget = max(16, len(self.decoded) // 8)
        spans: list[tuple[int, int]] = []
        for needle in needles:
            at = lowered.find(needle)
            while at >= 0:
                budget -= 1
                if budget < 0:
                    return [(0, len(flat))]
                start = max(0, at - FLAT_MARGIN)
                end = min(len(flat), at + len(needle) + FLAT_MARGIN)
                spans.append((start, end))
                at = lowered.find(needle, end)
        return _merge(iter(spans))

    def line_of(self, offset: int) -> int:
        """Index of the line the canonical character at `offset` came from."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def flat_line_at(self, flat: str, position: int) -> int:
        """Index of the line a position in `flat` (or `raw_flat`) falls in."""
        starts = self.raw_flat_starts if flat is self.raw_flat else self.flat_starts
        return max(0, bisect_right(starts, position) - 1)

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
