"""World snapshots: the full state as one JSON-compatible document, and back.

Used to persist a world between processes (crash/resume tests, the WinRM emulator). Token
digests are kept, tokens themselves never exist in the world. The random generator's state is
included, so a restored world goes on producing the same IDs as the original would have.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import cattrs

from orchestrator.lab.azure import (
    AppRegistration,
    AsyncOperation,
    Principal,
    Resource,
    ResourceGroup,
    RoleAssignment,
    RoleDefinition,
    Subscription,
    Tenant,
    TokenGrant,
)
from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.world import LabCluster, LabNode, LabTarget, LabWorld

FORMAT_VERSION = 1

_converter = cattrs.Converter()
_converter.register_unstructure_hook(datetime, lambda moment: moment.isoformat())
_converter.register_structure_hook(datetime, lambda value, _type: datetime.fromisoformat(value))

_AZURE_TABLES: dict[str, type] = {
    "tenants": Tenant,
    "subscriptions": Subscription,
    "principals": Principal,
    "role_definitions": RoleDefinition,
    "role_assignments": RoleAssignment,
    "resource_groups": ResourceGroup,
    "resources": Resource,
    "apps": AppRegistration,
    "tokens": TokenGrant,
    "operations": AsyncOperation,
}


def world_to_json(world: LabWorld, *, tokens: bool = True) -> dict[str, Any]:
    """The whole state. `tokens=False` leaves out the token digests (random per run), which is
    the form to compare two runs' final states with."""
    version, state, gauss = world.random.getstate()
    return {
        "format_version": FORMAT_VERSION,
        "seed": world.seed,
        "random_state": [version, list(state), gauss],
        "now": world.clock.now().isoformat(),
        "cluster": _converter.unstructure(world.cluster),
        "target": _converter.unstructure(world.target),
        "nodes": [_converter.unstructure(node) for node in world.nodes.values()],
        "azure": {
            table: {
                key: _converter.unstructure(value)
                for key, value in getattr(world.azure, table).items()
            }
            for table in _AZURE_TABLES
            if tokens or table != "tokens"
        },
    }


def world_from_json(data: dict[str, Any]) -> LabWorld:
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"unsupported lab snapshot format_version {data.get('format_version')!r}")
    world = LabWorld(
        seed=int(data["seed"]), clock=VirtualClock(datetime.fromisoformat(data["now"]))
    )
    version, state, gauss = data["random_state"]
    world.random.setstate((version, tuple(state), gauss))
    world.cluster = _converter.structure(data["cluster"], LabCluster)
    world.target = _converter.structure(data["target"], LabTarget)
    world.nodes = {}
    for raw in data["nodes"]:
        node = _converter.structure(raw, LabNode)
        world.nodes[node.name.lower()] = node
    for table, kind in _AZURE_TABLES.items():
        rows = data["azure"].get(table, {})
        setattr(world.azure, table, {key: _converter.structure(v, kind) for key, v in rows.items()})
    return world


def world_text(world: LabWorld) -> str:
    """The snapshot as the file holds it (stable: equal worlds give equal texts)."""
    return json.dumps(world_to_json(world), indent=1, sort_keys=True)


def save_world(world: LabWorld, path: Path) -> None:
    save_world_text(world_text(world), path)


def save_world_text(text: str, path: Path) -> None:
    """Atomically: a crash mid-write leaves the previous snapshot, never a torn one."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    with tmp.open("rb") as stream:
        os.fsync(stream.fileno())
    os.replace(tmp, path)


def load_world(path: Path) -> LabWorld:
    return world_from_json(json.loads(path.read_text(encoding="utf-8")))
