"""What the catalog's wording tests ask of a text: the family `orchestrate diagnose` names first."""

from __future__ import annotations

from orchestrator.catalog.classify import diagnose


def family_of(text: str) -> str | None:
    return diagnose(text).family
