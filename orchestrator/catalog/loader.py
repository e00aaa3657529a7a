"""Reading and validating the catalog data file (signatures.yaml, shipped as package data).

Everything is checked at load, so a malformed entry can never reach a user: unknown or
missing fields, bad classes, patterns that do not compile or match none of their examples,
duplicate ids, and overlaps that name no entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import attrs
import yaml

from orchestrator import errors
from orchestrator.catalog.models import CatalogError, FailureClass, Family, Signature

DATA_FILE = "signatures.yaml"

_REQUIRED = {
    "id",
    "title",
    "family",
    "class",
    "retryable",
    "scenarios",
    "cause",
    "remediation",
    "source",
}
_OPTIONAL = {
    "patterns",
    "event_ids",
    "exception_types",
    "command",
    "overlaps",
    "examples",
    "error_family",
}


@attrs.frozen
class Catalog:
    signatures: tuple[Signature, ...]

    def get(self, signature_id: str) -> Signature:
        for signature in self.signatures:
            if signature.id == signature_id:
                return signature
        raise KeyError(signature_id)

    def __iter__(self) -> Any:
        return iter(self.signatures)

    def __len__(self) -> int:
        return len(self.signatures)


def _strings(entry: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{key} must be a list of strings")
    return tuple(value)


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise CatalogError(f"pattern {pattern!r} does not compile: {error}") from None


def _exception_types(names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        cls = getattr(errors, name, None)
        if not (isinstance(cls, type) and issubclass(cls, errors.OrchestratorError)):
            raise CatalogError(f"exception_types: {name} is not a class in orchestrator.errors")
    return names


def _signature(entry: Mapping[str, Any]) -> Signature:
    keys = set(entry)
    if missing := sorted(_REQUIRED - keys):
        raise CatalogError(f"missing field(s) {missing}")
    if unknown := sorted(keys - _REQUIRED - _OPTIONAL):
        raise CatalogError(f"unknown field(s) {unknown}")
    if not isinstance(entry["retryable"], bool):
        raise CatalogError("retryable must be true or false")
    event_ids = entry.get("event_ids") or []
    if not isinstance(event_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in event_ids
    ):
        raise CatalogError("event_ids must be a list of integers")
    text_fields = ("id", "title", "cause", "remediation", "source")
    for key in text_fields:
        if not isinstance(entry[key], str):
            raise CatalogError(f"{key} must be text")
    command = entry.get("command")
    if command is not None and not isinstance(command, str):
        raise CatalogError("command must be text")
    error_family = entry.get("error_family")
    if error_family is not None:
        from orchestrator.catalog.families import load_families

        if not isinstance(error_family, str) or error_family not in {f.id for f in load_families()}:
            raise CatalogError(f"error_family {error_family!r} is not a family of families.yaml")
    try:
        family = Family(entry["family"])
        failure_class = FailureClass(entry["class"])
    except ValueError as error:
        raise CatalogError(str(error)) from None
    return Signature(
        id=entry["id"],
        title=entry["title"],
        family=family,
        patterns=tuple(_compile(p) for p in _strings(entry, "patterns")),
        event_ids=tuple(event_ids),
        exception_types=_exception_types(_strings(entry, "exception_types")),
        failure_class=failure_class,
        retryable=entry["retryable"],
        scenarios=_strings(entry, "scenarios"),
        cause=entry["cause"].strip(),
        remediation=entry["remediation"].strip(),
        command=command,
        source=entry["source"],
        overlaps=_strings(entry, "overlaps"),
        examples=_strings(entry, "examples"),
        error_family=error_family,
    )


def parse_catalog(document: Any) -> Catalog:
    """Validate a loaded YAML document; every error names the entry it is about."""
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogError("the catalog needs a non-empty 'entries' list")
    signatures: list[Signature] = []
    for position, entry in enumerate(entries, start=1):
        name = entry.get("id", f"#{position}") if isinstance(entry, dict) else f"#{position}"
        if not isinstance(entry, dict):
            raise CatalogError(f"entry {name}: must be a mapping")
        try:
            signatures.append(_signature(entry))
        except CatalogError as error:
            raise CatalogError(f"entry {name}: {error}") from None
    _check_references(signatures)
    return Catalog(tuple(signatures))


def _check_references(signatures: Sequence[Signature]) -> None:
    ids = [s.id for s in signatures]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogError(f"duplicate id(s) {duplicates}")
    for signature in signatures:
        if unknown := sorted(set(signature.overlaps) - set(ids)):
            raise CatalogError(f"entry {signature.id}: overlaps names unknown id(s) {unknown}")


@cache
def load_catalog() -> Catalog:
    """The shipped catalog, parsed once per process."""
    text = resources.files("orchestrator.catalog").joinpath(DATA_FILE).read_text("utf-8")
    return parse_catalog(yaml.safe_load(text))
