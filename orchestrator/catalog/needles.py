"""Cheap pre-filters for the catalog's regexes.

Scanning a 50 000-line event export against every pattern costs seconds; almost every line
matches nothing. Each pattern's longest run of literal text that any match must contain is
found once, and the regex only runs on lines that contain it (case-folded, as the patterns
are case-insensitive).
"""

from __future__ import annotations

_CLASS_ESCAPES = set("wWsSdDbBAZz")
_QUANTIFIERS = set("?*+{")
_MIN_NEEDLE = 3


def _skip_class(pattern: str, i: int) -> int:
    """Index just past the character class that starts at pattern[i] == '['."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _skip_group(pattern: str, i: int) -> int:
    """Index just past the group that starts at pattern[i] == '('."""
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _skip_class(pattern, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _skip_quantifier(pattern: str, i: int) -> int:
    if pattern[i] == "{":
        i = pattern.index("}", i) + 1
    else:
        i += 1
    if i < len(pattern) and pattern[i] in "?+":  # lazy or possessive
        i += 1
    return i


def required_literal(pattern: str) -> str | None:
    """The longest literal run every match of `pattern` contains, lower-cased; None when
    there is none worth checking (a top-level alternation, or only short runs)."""
    runs: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        literal: str | None = None
        if ch == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            i += 2
            if escaped in _CLASS_ESCAPES or escaped.isdigit():
                runs.append("".join(current))
                current = []
                if i < len(pattern) and pattern[i] in _QUANTIFIERS:
                    i = _skip_quantifier(pattern, i)
                continue
            literal = escaped
        elif ch == "|":
            return None
        elif ch in "([":
            runs.append("".join(current))
            current = []
            i = _skip_group(pattern, i) if ch == "(" else _skip_class(pattern, i)
            if i < len(pattern) and pattern[i] in _QUANTIFIERS:
                i = _skip_quantifier(pattern, i)
            continue
        elif ch in ".^$":
            runs.append("".join(current))
            current = []
            i += 1
            if i < len(pattern) and pattern[i] in _QUANTIFIERS:
                i = _skip_quantifier(pattern, i)
            continue
        else:
            literal = ch
            i += 1
        if i < len(pattern) and pattern[i] in _QUANTIFIERS:
            # the quantified character may be absent or repeated: it ends the run
            i = _skip_quantifier(pattern, i)
            runs.append("".join(current))
            current = []
            continue
        current.append(literal)
    runs.append("".join(current))
    longest = max(runs, key=len)
    return longest.lower() if len(longest.strip()) >= _MIN_NEEDLE else None


def _top_level_alternatives(pattern: str) -> list[str]:
    """`pattern` split at its top-level `|` (not inside a group or a character class)."""
    parts: list[str] = []
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _skip_class(pattern, i)
        elif ch == "(":
            i = _skip_group(pattern, i)  # a group's own `|` is not a top-level one
        else:
            if ch == "|":
                parts.append(pattern[start:i])
                start = i + 1
            i += 1
    parts.append(pattern[start:])
    return parts


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings of which every match of `pattern` contains at least one: the
    required literal of each top-level alternative. None when some alternative has none (the
    pattern must then always run)."""
    found: list[str] = []
    for alternative in _top_level_alternatives(pattern):
        literal = required_literal(alternative)
        if literal is None:
            return None
        found.append(literal)
    return tuple(dict.fromkeys(found))
