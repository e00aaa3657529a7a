"""Opt-in persistence of a lab world between processes (engine crash/resume tests and demos).

The lab lives in memory; a resumed run in a new process must meet the world the crashed one
left. `save_world` writes the world's facts as JSON (atomically: temp file + rename), and
`load_world` rebuilds it. Only facts are saved, never behaviour.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.world import LabNode, LabService, LabWorld

SNAPSHOT_VERSION = 1


def world_to_json(world: LabWorld) -> dict[str, Any]:
    with world.lock:
        return {
            "snapshot_version": SNAPSHOT_VERSION,
            "seed": world.seed,
            "now": world.clock.now().isoformat(),
            "nodes": [
                {
                    "name": n.name,
                    "host": n.host,
                    "reachable": n.reachable,
                    "clock_offset_s": n.clock_offset_s,
                    "os_build": n.os_build,
                    "last_boot": n.last_boot.isoformat() if n.last_boot else None,
                    "services": {
                        s.name: {"running": s.running, "start_type": s.start_type}
                        for s in n.services.values()
                    },
                    "debug_channel_enabled": n.debug_channel_enabled,
                    "mutations": dict(n.mutations),
                }
                for n in world.nodes.values()
            ],
        }


def world_from_json(data: dict[str, Any]) -> LabWorld:
    world = LabWorld(seed=data["seed"], clock=VirtualClock(datetime.fromisoformat(data["now"])))
    for raw in data["nodes"]:
        node = LabNode(
            name=raw["name"],
            host=raw["host"],
            reachable=raw["reachable"],
            clock_offset_s=raw["clock_offset_s"],
            os_build=raw["os_build"],
            last_boot=datetime.fromisoformat(raw["last_boot"]) if raw["last_boot"] else None,
            services={
                name: LabService(name, s["running"], s["start_type"])
                for name, s in raw["services"].items()
            },
            debug_channel_enabled=raw["debug_channel_enabled"],
            mutations=dict(raw["mutations"]),
        )
        world.nodes[node.name.lower()] = node
    return world


def save_world(world: LabWorld, path: Path) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(world_to_json(world), indent=1))
    with tmp.open("rb") as stream:
        os.fsync(stream.fileno())
    os.replace(tmp, path)


def load_world(path: Path) -> LabWorld:
    return world_from_json(json.loads(path.read_text()))
