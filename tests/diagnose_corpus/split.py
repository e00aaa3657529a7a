"""Which half of the diagnose evaluation corpus a text belongs to, decided by its source URL
alone, so the split was fixed before any family rule was written and cannot be tuned.

Procedure of the first split (history in README.md beside this file; the split no longer
decides where a new text goes): sha256 of the UTF-8 source URL, exactly as
stored in the entry's `url` field; the first byte even -> "development" (rules may be written
from these texts), odd -> "measure" (rules must never be written from them; the evaluation
reports precision and recall on these only). Every text from one URL falls in one half, so a
thread cannot leak from one half into the other.
"""

from __future__ import annotations

import hashlib

DEVELOPMENT = "development"
MEASURE = "measure"


def half(url: str) -> str:
    first_byte = hashlib.sha256(url.encode("utf-8")).digest()[0]
    return DEVELOPMENT if first_byte % 2 == 0 else MEASURE
