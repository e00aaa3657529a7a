"""Per-cloud facts (supported regions, endpoints) loaded from the versioned data file."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import attrs


@attrs.frozen
class Cloud:
    name: str
    regions: dict[str, str]  # canonical -Region value -> display name
    endpoints: dict[str, str]

    def canonical_region(self, value: str) -> str | None:
        """Map 'East US', 'EastUS' or 'eastus' to the value Register-AzStackHCI expects."""
        # The cmdlet normalises the same way: lowercase, spaces removed (facts §1.2 step 11).
        key = value.replace(" ", "").lower()
        return key if key in self.regions else None


@cache
def _document() -> dict[str, Any]:
    text = resources.files("orchestrator.data").joinpath("clouds.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def clouds() -> dict[str, Cloud]:
    return {
        name: Cloud(name=name, regions=dict(spec["regions"]), endpoints=dict(spec["endpoints"]))
        for name, spec in _document()["clouds"].items()
    }


CLOUD_NAMES: tuple[str, ...] = ("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")
