"""`--limit` patterns, read the way Ansible reads host patterns (issue 15.10).

Semantics follow Ansible's "Patterns: targeting hosts and groups"
(https://docs.ansible.com/ansible/latest/inventory_guide/intro_patterns.html; source
ansible/ansible-documentation, docs/docsite/rst/inventory_guide/intro_patterns.rst, branch
stable-2.21, sections "Common patterns", "Using wildcards and regular expressions" and
"Pattern processing order"):

- terms are separated by commas (or colons, which node names never contain);
- `all` and `*` are every node; a term with `*`, `?` or `[...]` is a shell-style wildcard;
  a term starting with `~` is a regular expression (matched from the start of the name);
- `&term` keeps only nodes that also match it (intersection), `!term` drops the nodes that
  match it (exclusion);
- processing order as Ansible documents it: the plain terms are joined first, then `&` terms
  intersect, then `!` terms exclude, whatever order they are written in; a pattern with only
  `&`/`!` terms starts from all nodes (`!node3` is every node but node3).

Two things differ on purpose, both on the safe side: a term that matches no node is an input
error instead of Ansible's "Could not match supplied host pattern, ignoring" warning (a typo in
an exclusion would otherwise widen the target), and node names compare case-insensitively
(NetBIOS names, like Windows, ignore case). Ansible's positional subscripts (`group[0:2]`) are
not supported: a cluster has no groups, and `[...]` is read as a wildcard character class.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence

_SEPARATOR = re.compile(r"[,:]")
_WILDCARD = set("*?[")


class NoMatch(ValueError):
    """A term of the pattern names no node (or the whole pattern leaves none)."""

    def __init__(self, term: str, reason: str) -> None:
        super().__init__(f"{term}: {reason}")
        self.term = term
        self.reason = reason


def _matcher(term: str) -> re.Pattern[str]:
    if term in ("all", "*"):
        return re.compile(r".*", re.DOTALL)
    if term.startswith("~"):
        try:
            return re.compile(term[1:], re.IGNORECASE)
        except re.error as error:
            raise NoMatch(term, f"is not a valid regular expression ({error.msg})") from None
    if _WILDCARD & set(term):
        return re.compile(fnmatch.translate(term), re.IGNORECASE)
    return re.compile(re.escape(term) + r"\Z", re.IGNORECASE)


def _matching(term: str, names: Sequence[str]) -> set[str]:
    """The names one term (`node*`, `&node1`, `!node3`) matches, its operator aside."""
    bare = term[1:].strip() if term.startswith(("&", "!")) else term
    matcher = _matcher(bare)
    found = {name for name in names if matcher.match(name)}
    if not found:
        raise NoMatch(term, "matches no node")
    return found


def split_pattern(pattern: str) -> list[str]:
    return [term.strip() for term in _SEPARATOR.split(pattern) if term.strip()]


def select(pattern: str, names: Sequence[str]) -> list[str]:
    """The names (in inventory order) that `pattern` selects; NoMatch when a term matches no
    name or the pattern leaves none."""
    terms = split_pattern(pattern)
    plain = [t for t in terms if not t.startswith(("&", "!"))]
    chosen: set[str] = set()
    for term in plain or ["all"]:
        chosen |= _matching(term, names)
    for term in (t for t in terms if t.startswith("&")):
        chosen &= _matching(term, names)
    for term in (t for t in terms if t.startswith("!")):
        chosen -= _matching(term, names)
    if not chosen:
        raise NoMatch("", "the pattern leaves no node")
    return [name for name in names if name in chosen]
