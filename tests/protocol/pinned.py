"""Third-party code the transport or the emulator relies on beyond its public API, pinned by a
digest of its source: when pypsrp, requests, requests-credssp or psrpcore changes such a
function, the pin fails and names it, and whoever upgrades checks what relied on it."""

from __future__ import annotations

import hashlib
import inspect
from typing import Any


def source_digest(code: Any) -> str:
    """The first 16 hex digits of the sha256 of `code`'s source (inspect.getsource)."""
    return hashlib.sha256(inspect.getsource(code).encode()).hexdigest()[:16]
