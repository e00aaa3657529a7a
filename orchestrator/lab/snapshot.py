"""World snapshots: the full state as one JSON-compatible document, and back.

Used to persist a world between processes (crash/resume tests, the WinRM emulator). Token
digests are kept, tokens themselves never exist in the world. The random generator's state is
included, so a restored world goes on producing the same IDs as the original would have.
"""

from __future__ import annotations

import copy
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
from orchestrator.lab.world import LabCluster, LabNode, LabTarget, LabWorld, NodeTable

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
    data = world_to_json_head(world)
    if not tokens:
        del data["azure"]["tokens"]
    data["nodes"] = [_converter.unstructure(node) for node in dict.values(world.nodes)]
    return data


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
    world.nodes.clear()
    for raw in data["nodes"]:
        node = _converter.structure(raw, LabNode)
        world.nodes[node.name.lower()] = node
    for table, kind in _AZURE_TABLES.items():
        rows = data["azure"].get(table, {})
        setattr(world.azure, table, {key: _converter.structure(v, kind) for key, v in rows.items()})
    world.origin = data.get("origin")  # absent in snapshots written before issue 15.5
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


def _compact(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), check_circular=False)


def _node_text(node: LabNode) -> str:
    return _compact(_converter.unstructure(node))


def world_to_json_head(world: LabWorld) -> dict[str, Any]:
    """Everything but the nodes: clock, random state, cluster, target, Azure, origin."""
    version, state, gauss = world.random.getstate()
    return {
        "format_version": FORMAT_VERSION,
        "seed": world.seed,
        "random_state": [version, list(state), gauss],
        "now": world.clock.now().isoformat(),
        "cluster": _converter.unstructure(world.cluster),
        "target": _converter.unstructure(world.target),
        "azure": {
            table: {
                key: _converter.unstructure(value)
                for key, value in getattr(world.azure, table).items()
            }
            for table in _AZURE_TABLES
        },
        # what the world was made from (lab/origin.py, issue 15.5); absent for older worlds
        **({"origin": world.origin} if world.origin is not None else {}),
    }


class SnapshotFile:
    """The world's file, kept equal to the world after every command (ORCHESTRATE_LAB_STATE)
    at the cost of what changed (issue 16.6). The file is rewritten (atomically, fsynced:
    `save_world_text`) only when the world differs from what it holds. To find out cheaply,
    it keeps a copy of each part as last written and compares (attrs equality, field by field,
    the same fields the snapshot serialises): the nodes the world's NodeTable saw handed out
    since the last save, and the world-wide part (clock, random state, cluster, target,
    Azure). Only a part that differs is serialised again. So after `save()` returns the file
    holds the world exactly as a full `save_world` would: the crash semantics do not change,
    only the cost of commands that changed nothing (every read) and of large worlds."""

    def __init__(self, world: LabWorld, path: Path) -> None:
        self.world = world
        self.path = path
        self.saves = 0
        self._fragments: dict[str, str] = {}  # node key -> its JSON as last written
        self._written: dict[str, LabNode] = {}  # node key -> a copy of it as last written
        self._head = ""
        self._head_written: Any = None
        nodes = world.nodes
        if isinstance(nodes, NodeTable):
            nodes.seen = set(dict.keys(nodes))  # all of them, the first time
        self.save(write=False)  # what the file holds now (written by whoever made the world)

    def save(self, *, write: bool = True) -> bool:
        """Bring the file up to date with the world; True when it had to be rewritten."""
        nodes = self.world.nodes
        if not isinstance(nodes, NodeTable):  # the table was replaced: save it all
            save_world(self.world, self.path)
            self.saves += 1
            return True
        pending, nodes.seen = nodes.seen or set(), set()
        changed = False
        # a copy: a session notes its node outside the lock (LabSession.run) and may still be
        # adding to the set just taken; what it adds late, its own save notes again
        for key in tuple(pending):
            node = dict.get(nodes, key)
            if node is None:
                self._written.pop(key, None)
                changed = self._fragments.pop(key, None) is not None or changed
            elif self._written.get(key) != node:
                self._fragments[key] = _node_text(node)
                self._written[key] = copy.deepcopy(node)
                changed = True
        head = self._head_parts()
        if head != self._head_written:
            self._head = _compact(world_to_json_head(self.world))
            self._head_written = copy.deepcopy(head)
            changed = True
        if not changed or not write:
            return False
        body = ",".join(self._fragments[key] for key in dict.keys(nodes))
        save_world_text(f'{self._head[:-1]},"nodes":[{body}]}}', self.path)
        self.saves += 1
        return True

    def _head_parts(self) -> tuple[Any, ...]:
        """What world_to_json_head serialises, as objects to compare."""
        world = self.world
        return (
            world.seed,
            getattr(world.random, "moves", None) or world.random.getstate(),
            world.clock.now(),
            world.cluster,
            world.target,
            tuple(getattr(world.azure, table) for table in _AZURE_TABLES),
            world.origin,
        )
