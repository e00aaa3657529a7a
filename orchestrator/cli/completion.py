"""Shell completion values that click cannot know by itself (issue 15.13).

click completes verbs, options and choices (e.g. `graph FLOW`) on its own; these functions add
the node names of the inventory given with -i (for --limit) and the run ids of the state dir
(for `resume`, `runs show`). They run inside the user's shell on every TAB, so they never
raise and never contact anything: a missing or broken inventory just completes nothing.
Enabling it: docs/cli.md "Shell completion" (click's `_ORCHESTRATE_COMPLETE=<shell>_source`).
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.shell_completion import CompletionItem


def _node_names(ctx: click.Context) -> list[str]:
    path = ctx.params.get("inventory_path")
    if not path:
        return []
    try:
        from orchestrator.inventory import load_inventory  # only when completing --limit

        return [node.name for node in load_inventory(path).cluster.nodes]
    except Exception:  # completion never fails the shell: a bad inventory completes nothing
        return []


def complete_limit(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Node names for the last term of a --limit pattern (`node1,!no` -> `node1,!node2`)."""
    head, sep, term = incomplete.rpartition(",")
    operator = term[:1] if term[:1] in ("!", "&") else ""
    word = term[len(operator) :]
    prefix = f"{head}{sep}{operator}"
    return [
        CompletionItem(prefix + name)
        for name in _node_names(ctx)
        if name.lower().startswith(word.lower())
    ]


def _state_dir(ctx: click.Context) -> Path:
    root = ctx.find_root()
    configured = root.params.get("state_dir") or os.environ.get("ORCHESTRATE_HOME")
    from orchestrator.engine.api import DEFAULT_STATE_DIR  # on TAB only, not at start-up

    return Path(configured or DEFAULT_STATE_DIR)


def complete_run_id(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The run ids journaled in the state dir (newest first), as `orchestrate runs` lists them."""
    from orchestrator.engine.journal import runs_dir

    base = runs_dir(_state_dir(ctx))
    try:
        ids = sorted((entry.name for entry in base.iterdir() if entry.is_dir()), reverse=True)
    except OSError:
        return []
    return [CompletionItem(run_id) for run_id in ids if run_id.startswith(incomplete)]


def complete_locked_cluster(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Clusters with a lock record in the lock directory (what `orchestrate unlock` takes)."""
    from orchestrator.engine.lock import default_lock_dir

    try:
        names = sorted(path.stem for path in default_lock_dir().glob("*.holder"))
    except OSError:
        return []
    return [CompletionItem(name) for name in names if name.startswith(incomplete.lower())]
