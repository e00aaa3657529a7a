"""World snapshots: the full state as one JSON-compatible document, and back.

Used to persist a world between processes (crash/resume tests, the WinRM emulator). Token
digests are kept, tokens themselves never exist in the world. The random generator's state is
included, so a restored world goes on producing the same IDs as the original would have.
"""

from __future__ import annotations

import copy
import json
import os
import threading
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


# Set (to anything but "" or "0") to make the snapshotting lab check, after every command it
# did not compare, that the world indeed equals its file: a command declared read-only
# (lab/handlers.py) that changed the world fails with the command named. The scenario tests run
# with it (tests/scenarios/conftest.py); it costs the full comparison the skip saves.
STATE_CHECK_ENV = "ORCHESTRATE_LAB_STATE_CHECK"


class UncountedChange(AssertionError):
    """The world changed while its lock counted no change (STATE_CHECK_ENV)."""


class SnapshotFile:
    """The world's file, kept equal to the world after every command (ORCHESTRATE_LAB_STATE)
    at the cost of what changed (issue 16.6). The file is rewritten (atomically, fsynced:
    `save_world_text`) only when the world differs from what it holds.

    What could have changed: the world's lock counts every time it is taken to change the world
    (lab/world.py WorldLock; a read-only command holds it without counting). While the count
    stands still since the last comparison, nothing but the clock and the random generator
    (compared as a datetime and a count) can differ, and `save()` costs no comparison: every
    read. When it moved, the file keeps a copy of each part as last written and compares
    (attrs equality, field by field, the same fields the snapshot serialises): the nodes the
    world's NodeTable saw handed out since the last comparison, and the world-wide part
    (clock, random state, cluster, target, Azure). Only a part that differs is serialised
    again. So after `save()` returns the file holds the world exactly as a full `save_world`
    would: the crash semantics do not change, only the cost of commands that changed nothing
    and of large worlds. `compares`, `saves` and `bytes_written` count the comparisons, the rewrites (one fsync
    each) and what they wrote."""

    def __init__(self, world: LabWorld, path: Path, *, check: bool | None = None) -> None:
        self.world = world
        self.path = path
        self.saves = 0  # rewrites of the file (each one fsynced)
        self.compares = 0  # parts compared with their copy as last written (nodes, the head)
        self.bytes_written = 0
        self.check = (
            bool(os.environ.get(STATE_CHECK_ENV, "").strip("0")) if check is None else check
        )
        self._fragments: dict[str, str] = {}  # node key -> its JSON as last written
        self._written: dict[str, LabNode] = {}  # node key -> a copy of it as last written
        self._head = ""
        self._head_written: Any = None
        self._changes = -1  # the world lock's change count at the last comparison
        self._moment: tuple[Any, Any] = (None, None)  # the clock and random moves then
        self._unwritten = False  # a write failed: the copies are ahead of the file
        self._writing = threading.Lock()  # the writes, in the order of their comparisons
        nodes = world.nodes
        if isinstance(nodes, NodeTable):
            nodes.seen = set(dict.keys(nodes))  # all of them, the first time
        self.save(write=False)  # what the file holds now (written by whoever made the world)

    def unchanged_since(self, began: int) -> bool:
        """Without the lock: nothing was counted since `began` (a command's start) and a save
        has finished comparing and writing at the current count, with virtual time and the
        random generator where they were then. A read then has nothing to save."""
        changes = self.world.lock.changes
        return (
            not self.check
            and isinstance(self.world.nodes, NodeTable)  # else save() writes it all each time
            and changes == began
            and self._saved_at(changes, self._now())
        )

    def _saved_at(self, changes: int, moment: tuple[Any, Any]) -> bool:
        """The last comparison was at the lock's count `changes` and at `moment`, and what it
        found is on disk: the file holds the world as it is then."""
        return changes == self._changes and moment == self._moment and not self._unwritten

    def save(
        self,
        *,
        write: bool = True,
        since: int | None = None,
        node: str | None = None,
        picture: Any = None,
    ) -> bool:
        """Bring the file up to date with the world; True when it rewrote it. Compares under
        the world's lock (held for a read), writes after releasing it: other nodes' commands
        go on during the write and its fsync. The writes keep the order of the comparisons
        (the write lock is taken before the world's is released), and `save` returns only once
        every comparison before its own is on disk, so after any command returns the file
        holds at least what that command saw. A save with nothing to write waits for the
        earlier writes without the world's lock.

        `node`: the command's node, noted again under the lock (SnapshottingSession.run).
        `since`: the lock's change count when the command began; a change counted since then
        is compared even if another command's save compared (without that node noted) after
        it. `picture` (STATE_CHECK_ENV): the world as the command found it."""
        world = self.world
        with world.lock.reading():  # saving changes nothing in the world
            if node is not None:
                world.node(node)
            if picture is not None and world.lock.changes == since:
                self.check_unchanged(picture)
            text, counted = self._compare(since, write)
            if text is not None:
                self._writing.acquire()  # before the world's lock goes: writes keep their order
        if text is None:
            # Nothing to write: wait for the earlier comparisons' writes, but not holding the
            # world's lock, or every node's command would wait for that write and its fsync.
            self._writing.acquire()
        try:
            if text is not None:
                try:
                    save_world_text(text, self.path)
                except BaseException:
                    self._unwritten = True  # the copies are ahead of the file: next save writes
                    raise
                self.saves += 1
                self.bytes_written += len(text)
            if counted is not None and counted[0] >= self._changes:
                # last: unchanged_since (no lock) trusts a count only once it is on disk; a
                # save with nothing to write may get here after a later comparison's write
                self._changes, self._moment = counted
        finally:
            self._writing.release()
        return text is not None

    def _compare(self, since: int | None, write: bool) -> tuple[str | None, Any]:
        """Under the lock: the text to write (None: the file holds the world already, or
        `write` is False) and the (count, moment) it was compared at (None: nothing compared:
        a replaced node table, saved whole every time)."""
        world = self.world
        nodes = world.nodes
        if not isinstance(nodes, NodeTable):  # the table was replaced: save it all
            return world_text(world), None
        counted = (world.lock.changes, self._now())
        if self._saved_at(*counted) and since in (None, counted[0]):
            return None, None
        pending, nodes.seen = nodes.seen or set(), set()
        changed, self._unwritten = self._unwritten, False  # a failed write is written again
        # a copy: a session notes its node outside the lock (LabSession.run) and may still be
        # adding to the set just taken; what it adds late, its own save notes again
        for key in tuple(pending):
            node = dict.get(nodes, key)
            self.compares += 1
            if node is None:
                self._written.pop(key, None)
                changed = self._fragments.pop(key, None) is not None or changed
            elif self._written.get(key) != node:
                self._fragments[key] = _node_text(node)
                self._written[key] = copy.deepcopy(node)
                changed = True
        head = self._head_parts()
        self.compares += 1
        if head != self._head_written:
            self._head = _compact(world_to_json_head(world))
            self._head_written = copy.deepcopy(head)
            changed = True
        if not changed or not write:
            return None, counted
        body = ",".join(self._fragments[key] for key in dict.keys(nodes))
        return f'{self._head[:-1]},"nodes":[{body}]}}', counted

    def _now(self) -> tuple[Any, Any]:
        """What moves without the lock counting it: virtual time, the random generator."""
        world = self.world
        return world.clock.now(), getattr(world.random, "moves", None)

    def picture(self) -> Any:
        """STATE_CHECK_ENV: a copy of what a command could change unnoticed (the nodes, the
        cluster, target, Azure, origin; not the clock or the generator, which `save` compares
        itself), taken under the lock when the command starts."""
        return copy.deepcopy((dict(dict.items(self.world.nodes)), self._head_parts()[3:]))

    def check_unchanged(self, picture: Any) -> None:
        """STATE_CHECK_ENV, after a command during which the lock counted no change: the world
        is still as `picture` shows it, or a change would have been left out of the file."""
        nodes, head = picture
        now = dict(dict.items(self.world.nodes))
        differs = sorted(key for key in nodes.keys() | now.keys() if nodes.get(key) != now.get(key))
        if head != self._head_parts()[3:]:
            differs.append("the world's cluster, target, Azure or origin")
        if differs:
            raise UncountedChange(
                f"lab state: the world changed ({', '.join(differs)}) while its lock counted "
                "no change: a command declared read-only (lab/handlers.py reads_only) changed "
                "it, or something changed it without holding world.lock"
            )

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
