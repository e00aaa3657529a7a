"""Evaluate Azure RBAC the way Azure does, on the caller's effective permissions.

Input is what `Microsoft.Authorization/permissions` returns for a scope: a list of blocks,
each with `actions` and `notActions`. An action is allowed when some block has a matching
action and no matching notAction *in that same block* (NotActions subtract only from their own
role; another role's grant still applies). Patterns are case-insensitive and `*` matches any run
of characters, including `/` (`Microsoft.AzureStackHCI/clusters/*`, `*/read`, `*`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import attrs


def _tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen
class PermissionBlock:
    actions: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    not_actions: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    @classmethod
    def from_arm(cls, block: Mapping[str, Any]) -> PermissionBlock:
        return cls(block.get("actions", ()), block.get("notActions", ()))

    def allows(self, action: str) -> bool:
        return any(covers(p, action) for p in self.actions) and not any(
            overlaps(n, action) for n in self.not_actions
        )


# Stands in for "anything" inside a required action; no real action or pattern contains it.
_ANY = "\x00"


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(map(re.escape, pattern.split("*"))) + "$", re.IGNORECASE)


def covers(pattern: str, action: str) -> bool:
    """Does `pattern` grant every action that `action` stands for?

    A required action may itself be a wildcard (the custom role lists
    `Microsoft.AzureStackHCI/clusters/*`): only a pattern whose own `*` absorbs that part
    (`*`, `Microsoft.AzureStackHCI/*`, the same wildcard) covers it; `*/read` does not."""
    return _compile(pattern).match(action.replace("*", _ANY)) is not None


def overlaps(not_action: str, action: str) -> bool:
    """Does `not_action` deny at least one action that `action` stands for?"""
    if _compile(not_action).match(action.replace("*", "")):
        return True
    return "*" in action and _compile(action).match(not_action.replace("*", "")) is not None


def allowed(blocks: Sequence[PermissionBlock], action: str) -> bool:
    return any(block.allows(action) for block in blocks)


def missing(blocks: Sequence[PermissionBlock], required: Iterable[str]) -> list[str]:
    return [action for action in required if not allowed(blocks, action)]


@cache
def _required() -> dict[str, Any]:
    text = resources.files("orchestrator.data").joinpath("required_actions.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def required_actions(*, create_resource_group: bool) -> tuple[str, ...]:
    """Actions Register-AzStackHCI needs (seeds/001), plus RG write/delete to create the group."""
    data = _required()
    extra = data["create_resource_group"] if create_resource_group else []
    return (*data["register"], *extra)
