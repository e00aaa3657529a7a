"""What the catalog's wording tests ask of a text: the family `orchestrate diagnose` names first."""

from __future__ import annotations

from typing import Any

from orchestrator.catalog.classify import diagnose


def family_of(text: str) -> str | None:
    return diagnose(text).family


def family_entry(**fields: Any) -> dict[str, Any]:
    """The smallest family the loader accepts (an Arc extension's context wording with one
    example), for tests of the loader's checks; `fields` replace or add keys."""
    entry: dict[str, Any] = {
        "id": "arc-extension",
        "area": "arc-agent",
        "title": "t",
        "class": "configuration",
        "retryable": False,
        "layer": "context",
        "reference": "r",
        "action": "a",
        "phrases": ["reported a failure when processing extension"],
        "examples": ["VM has reported a failure when processing extension 'X'"],
    }
    return {**entry, **fields}
