"""Per-cloud facts (endpoints, and the offline fallback list of HCI regions) loaded from the
versioned data file.

Which regions offer Azure Stack HCI is read from Azure at run time (the region pre-check reads
Microsoft.AzureStackHCI's `clusters` locations); `Cloud.regions` is only the fallback for when
Azure cannot be asked, with its source and date in clouds.json (`sources.regions`)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import attrs


@attrs.frozen
class Cloud:
    name: str
    regions: dict[str, str]  # offline fallback: canonical -Region value -> display name
    endpoints: dict[str, str]

    def canonical_region(self, value: str) -> str | None:
        """Map 'East US', 'EastUS' or 'eastus' to the value Register-AzStackHCI expects, for
        any well-formed region name (whether HCI is offered there is asked of Azure)."""
        key = normalize_region(value)
        return key if _REGION_NAME.match(key) else None

    def display(self, region: str) -> str:
        return self.regions.get(region, region)


# Azure region names: lowercase letters and digits once spaces are removed (eastus2, usgovvirginia).
_REGION_NAME = re.compile(r"^[a-z][a-z0-9]{1,49}$")


def normalize_region(value: str) -> str:
    """Normalize-RegionName in stackhci.ps1: whitespace removed, lowercased."""
    return re.sub(r"\s", "", value).lower()


def region_source() -> str:
    """Where the offline region list comes from, and as of when (for messages)."""
    sources = _document()["sources"]
    return f"the offline list as of {sources['regions_as_of']} (orchestrator/data/clouds.json)"


def cloud_of_region(region: str) -> str | None:
    """The cloud whose offline list has `region`: regions never move between clouds."""
    for cloud in clouds().values():
        if region in cloud.regions:
            return cloud.name
    return None


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
