"""What an input error may repeat of the value it refuses.

Repeating the bad value helps ("'ntml': use one of ..."), but an input error goes to terminals,
CI logs and Ansible results, so it must never repeat a secret. A value is shown only when all
of these hold; otherwise the error names the field and the fix without it:

- the field does not carry secrets (`*password*`, `*secret*`, `*token*`, `*_env`, the
  `connection` section given as a whole, ...): whatever is written there may be the secret;
- it is a plain scalar (a list or mapping may hold anything, e.g. a misplaced
  `ansible_password:`): it is described by its kind instead, never rendered;
- it is short (at most `MAX_SHOWN` characters): nothing unbounded is rendered;
- it does not look like a secret: no token, bearer or key=value form the log redactor knows,
  and not a word that mixes three kinds of characters like a password (`Sup3r-S3cret!`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MAX_SHOWN = 40

# Field names that hold a secret or the name of where one is kept (a pasted secret lands there).
_SECRET_FIELD = re.compile(
    r"(passw(or)?d|pwd|secret|token|api_?key|private_?key|credential|_env)$", re.IGNORECASE
)
# Sections whose value, given whole in the wrong shape, is most likely a credential.
_SECRET_SECTIONS = ("connection",)
# Separators common in names, paths, URLs and GUIDs do not count as a "symbol" class.
_NAME_PUNCTUATION = set(".-_:/\\@ ")


def secret_field(path: str) -> bool:
    """Whether the field at `path` (e.g. `connection.password_env`) may hold a secret."""
    last = re.split(r"[.\[\]]", path.strip("."))[-1] if path else ""
    return bool(_SECRET_FIELD.search(last)) or path in _SECRET_SECTIONS


def looks_like_secret(text: str) -> bool:
    """A heuristic, on the safe side: tokens, and any word that looks like a password."""
    from orchestrator.catalog.redact import redact  # the catalog loads on use (issue 15.16)

    return redact(text) != text or any(_password_like(word) for word in text.split())


def _password_like(word: str) -> bool:
    if len(word) < 8:
        return False
    kinds = (
        any(ch.islower() for ch in word),
        any(ch.isupper() for ch in word),
        any(ch.isdigit() for ch in word),
        any(not ch.isalnum() and ch not in _NAME_PUNCTUATION for ch in word),
    )
    return sum(kinds) >= 3


def safe_text(text: str) -> bool:
    """Short, printable and not secret-like: a text an error may repeat as it is."""
    return len(text) <= MAX_SHOWN and text.isprintable() and not looks_like_secret(text)


def segment(name: object) -> str:
    """A name the user chose (a group, a host, a tag, a key) as part of a field path: itself
    when an error may repeat it, else a placeholder."""
    text = str(name)
    return text if safe_text(text) else "(a name not shown)"


def kind_of(value: Any) -> str:
    """A value described without rendering any of it."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, str):
        return f"a text of {len(value)} characters"
    return f"a {type(value).__name__} value"


def shown(value: Any, *, path: str = "", secret: bool = False) -> str | None:
    """The value as an error may show it (`'ntml'`, `70000`, `a list`), or None: not at all."""
    if secret or (path and secret_field(path)):
        return None
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return repr(value) if not value else kind_of(value)
    if value is None or isinstance(value, bool | int | float):
        text = repr(value)
        return text if len(text) <= MAX_SHOWN else kind_of(value)
    if isinstance(value, str):
        if looks_like_secret(value):
            return None
        return repr(value) if safe_text(value) else kind_of(value)
    return kind_of(value)


def prefix(value: Any, *, path: str = "", secret: bool = False) -> str:
    """`"'ntml': "` to put before the fix, or "" when the value is not to be shown."""
    text = shown(value, path=path, secret=secret)
    return f"{text}: " if text is not None else ""


def quoted(value: Any, *, path: str = "", secret: bool = False) -> str:
    """The value to put inside a sentence: shown as `prefix` allows, else `(not shown)`."""
    text = shown(value, path=path, secret=secret)
    return text if text is not None else "(not shown)"


def variable(name: str, default: str) -> str:
    """An environment variable named in an error: our own default is named, any other name is
    not repeated (a secret pasted where its name belongs would be)."""
    if name == default:
        return f"environment variable {name}"
    return "the environment variable given"


_WORD = re.compile(r"[^\s'\"(),]+")


def mask(text: str) -> str:
    """`text` (a library's message, e.g. click's usage errors, which quote the bad value) with
    every word that looks like a secret replaced by `(not shown)`."""
    from orchestrator.catalog.redact import redact

    text = redact(text)
    return _WORD.sub(lambda m: "(not shown)" if _password_like(m.group()) else m.group(), text)
