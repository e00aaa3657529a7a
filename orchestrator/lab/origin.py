"""What a lab world was made from: the inventory's cluster, nodes and `lab:` section.

A world kept in ORCHESTRATE_LAB_STATE outlives the command that made it; the inventory's `lab:`
section is read only when the world is made. A later command with an inventory that asks for
other faults or other nodes would otherwise run silently against the old world (issue 15.5),
so the snapshot records its origin and the transport factory compares it with the inventory.
The Azure section is not part of the origin: pointing another inventory (a wrong subscription,
say) at the same world is how the guards are rehearsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from orchestrator.inventory.models import Inventory, LabNodeSpec, LabSpec

_HEALTHY = attrs.asdict(LabNodeSpec())


def lab_origin(inventory: Inventory) -> dict[str, Any]:
    """The parts of the inventory a lab world is built from, as plain JSON."""
    spec = inventory.lab or LabSpec()
    faults = {}
    for name, facts in sorted(spec.nodes.items(), key=lambda item: item[0].lower()):
        changed = {k: v for k, v in attrs.asdict(facts).items() if _HEALTHY[k] != v}
        if changed:
            faults[name.lower()] = changed
    return {
        "cluster": inventory.cluster.name.lower(),
        "nodes": [n.name.lower() for n in inventory.cluster.nodes],
        "seed": spec.seed,
        "scenario": spec.scenario,
        "module_version": spec.module_version,
        "node_facts": faults,
    }


def _facts(value: Mapping[str, Any] | None) -> str:
    if not value:
        return "healthy"
    return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"


def origin_differences(saved: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """How the world's origin differs from the inventory's, one phrase per field (empty: none)."""
    found = []
    if saved.get("cluster") != wanted["cluster"]:
        found.append(f"cluster: world {saved.get('cluster')}, inventory {wanted['cluster']}")
    if list(saved.get("nodes") or []) != wanted["nodes"]:
        found.append(
            f"nodes: world {', '.join(saved.get('nodes') or [])}, "
            f"inventory {', '.join(wanted['nodes'])}"
        )
    for key in ("scenario", "seed", "module_version"):
        if saved.get(key) != wanted[key]:
            found.append(f"lab.{key}: world {saved.get(key)}, inventory {wanted[key]}")
    saved_facts = saved.get("node_facts") or {}
    for node in sorted(set(saved_facts) | set(wanted["node_facts"])):
        was, now = saved_facts.get(node), wanted["node_facts"].get(node)
        if was != now:
            found.append(f"lab.nodes.{node}: world {_facts(was)}, inventory {_facts(now)}")
    return found
