"""The plan document: what a run would change, per node and step, before anything changes.

Versioned JSON (Terraform-like: per node, per step: action, before, after, reason; summary
counts) and a readable table. A saved plan records the workflow fingerprint, the inventory
hash and every step's `before`; `orchestrate apply` re-checks and refuses when any differ.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from orchestrator import echo
from orchestrator.checks.base import Status
from orchestrator.engine.compile import FAILED, NEEDS_OPERATOR
from orchestrator.engine.runner import RunOutcome
from orchestrator.engine.spec import OptionValue
from orchestrator.errors import InputError
from orchestrator.output import print_fixes, whole_table

PLAN_FORMAT_VERSION = 1


def plan_document(
    outcome: RunOutcome,
    *,
    inventory: str,
    inventory_hash: str,
    cluster: str,
    options: Mapping[str, OptionValue],
    exit_code: int,
    prechecks_limited_to: list[str] | None = None,
) -> dict[str, Any]:
    nodes = []
    counts = {"change": 0, "no_op": 0, "unknown": 0, "blocked": 0}
    for run in outcome.nodes:
        # A guard that refuses while planning parks the node: blocked, with the guard's text.
        blocked = run.state in (FAILED, NEEDS_OPERATOR)
        entry: dict[str, Any] = {
            "node": run.name,
            "status": "blocked" if blocked else "planned",
            "reason": run.error if blocked else None,
            "prechecks": [r.to_json() for r in run.precheck_results if r.status is not Status.PASS],
            "steps": [],
        }
        if blocked:
            counts["blocked"] += 1
        else:
            for report in run.reports.values():
                change = report.change
                assert change is not None, "a planned node has every step checked"
                entry["steps"].append(
                    {"step": report.step, "title": report.title, **change.to_json()}
                )
                counts[change.kind.value.replace("-", "_")] += 1
        nodes.append(entry)
    for run in outcome.precheck_only:
        # cluster flows: nodes that are only pre-checked (the steps run on the entry node)
        concerns = [r.to_json() for r in run.precheck_results if r.status is not Status.PASS]
        failed = any(r.status is Status.FAIL for r in run.precheck_results)
        counts["blocked"] += failed
        nodes.append(
            {
                "node": run.name,
                "status": "blocked" if failed else "prechecked",
                "reason": "; ".join(
                    f"{c['check']}: {c['observed']}" for c in concerns if c["status"] == "fail"
                )
                or None,
                "prechecks": concerns,
                "steps": [],
            }
        )
    workflow = outcome.workflow
    limited = {} if prechecks_limited_to is None else {"prechecks_limited_to": prechecks_limited_to}
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "kind": "plan",
        "workflow": {
            "name": workflow.name,
            "version": workflow.version,
            "fingerprint": workflow.fingerprint,
        },
        "inventory": inventory,
        "inventory_hash": inventory_hash,
        "cluster": cluster,
        "options": dict(options),
        "scope": workflow.scope,
        "cluster_prechecks": [
            r.to_json() for r in outcome.cluster_results if r.status is not Status.PASS
        ],
        "nodes": nodes,
        "summary": counts,
        "changes_pending": counts["change"] + counts["unknown"] > 0,
        "exit_code": exit_code,
        **limited,
    }


_STYLE = {"change": "yellow", "no-op": "green", "unknown": "cyan"}


def plan_text(document: Mapping[str, Any], console: Console) -> None:
    workflow = document["workflow"]
    table = whole_table(
        ("node", "step", "action", "before", "after", "reason"),
        f"Plan: {workflow['name']} on cluster {document['cluster']}",
    )
    for check in document.get("cluster_prechecks", []):
        if check["status"] == "fail":
            table.add_row(
                check["node"],
                check["check"],
                "[bold red]blocked[/]",
                "",
                "",
                escape(check["observed"]),
            )
    for node in document["nodes"]:
        if node["status"] == "blocked":
            table.add_row(node["node"], "-", "[bold red]blocked[/]", "", "", escape(node["reason"]))
            continue
        for step in node["steps"]:
            action = step["action"]
            table.add_row(
                node["node"],
                step["step"],
                f"[{_STYLE.get(action, '')}]{action}[/]",
                escape(step["before"] or ""),
                escape(step["after"] or ""),
                escape(step["reason"]),
            )
    console.print(table)
    print_fixes(console, plan_fixes(document))
    s = document["summary"]
    limited = document.get("prechecks_limited_to")
    if limited is not None:
        console.print(
            f"--limit: pre-checks ran on {', '.join(limited)} only; {workflow['name']} acts on "
            "the whole cluster, and a run refuses --limit"
        )
    console.print(
        f"\n{s['change']} to change, {s['no_op']} no-op, {s['unknown']} unknown, "
        f"{s['blocked']} node(s) blocked"
    )


def plan_fixes(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The plan's failing checks that carry a fix (as `precheck` prints them, issue 15.3)."""
    checks = [
        *document.get("cluster_prechecks", []),
        *(c for n in document["nodes"] for c in n.get("prechecks", [])),
    ]
    return [
        {"node": c["node"], "check": c["check"], "observed": c["observed"], "fix": c["remediation"]}
        for c in checks
        if c["status"] == "fail" and c.get("remediation")
    ]


def save_plan(document: Mapping[str, Any], path: Path) -> None:
    try:
        path.write_text(json.dumps(document, indent=2) + "\n")
    except OSError as error:  # a dry run: nothing was changed, only the file is missing
        raise InputError(
            "--plan-out",
            f"{str(path)[:200]}: cannot write it ({error.strerror or error.__class__.__name__}); "
            "give a writable file path",
        ) from None


def load_plan(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise InputError("plan", f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:  # a directory, no permission, name too long
        reason = getattr(error, "strerror", None) or error.__class__.__name__
        raise InputError(
            "plan", f"{str(path)[:200]}: cannot read it ({reason}); give the --plan-out file"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError("plan", f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(document, dict) or document.get("kind") != "plan":
        raise InputError("plan", f"{path}: not a plan written by `--plan-out`")
    if document.get("format_version") != PLAN_FORMAT_VERSION:
        raise InputError(
            "plan",
            f"{path}: plan format {echo.quoted(document.get('format_version'))}, this version reads "
            f"{PLAN_FORMAT_VERSION}; plan again",
        )
    problem = _shape_problem(document)
    if problem:
        raise InputError(
            "plan",
            f"{path}: {problem}; the file was edited or cut short, plan again with "
            "--dry-run --plan-out",
        )
    return document


def _shape_problem(document: Mapping[str, Any]) -> str | None:
    """The first field `apply` relies on that is missing or of the wrong type (None: all good)."""
    workflow = document.get("workflow")
    if not isinstance(workflow, dict):
        return "workflow: missing"
    for key in ("name", "fingerprint"):
        if not isinstance(workflow.get(key), str):
            return f"workflow.{key}: missing"
    for key in ("inventory", "inventory_hash"):
        if not isinstance(document.get(key), str):
            return f"{key}: missing"
    if not isinstance(document.get("options") or {}, dict):
        return "options: not a mapping"
    nodes = document.get("nodes")
    if not isinstance(nodes, list):
        return "nodes: missing"
    for index, node in enumerate(nodes):
        where = f"nodes[{index}]"
        if not isinstance(node, dict) or not isinstance(node.get("node"), str):
            return f"{where}.node: missing"
        if not isinstance(node.get("status"), str) or not isinstance(node.get("steps"), list):
            return f"{where} ({node['node']}): status or steps missing"
        for step in node["steps"]:
            if not isinstance(step, dict) or not {"step", "action", "before", "after"} <= set(step):
                return f"{where} ({node['node']}).steps: a step lacks step/action/before/after"
    return None


def stale_reasons(saved: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """Why a saved plan no longer describes the cluster (empty: still valid)."""
    reasons = []
    if saved["workflow"]["fingerprint"] != fresh["workflow"]["fingerprint"]:
        reasons.append("the workflow changed since the plan was made")
    if saved["inventory_hash"] != fresh["inventory_hash"]:
        reasons.append("the inventory file changed since the plan was made")
    fresh_nodes = {n["node"]: n for n in fresh["nodes"]}
    for node in saved["nodes"]:
        now = fresh_nodes.get(node["node"])
        if now is None:
            reasons.append(f"{node['node']}: in the plan but not in the inventory")
            continue
        if now["status"] != node["status"]:
            reasons.append(f"{node['node']}: was {node['status']}, now {now['status']}")
            continue
        now_steps = {s["step"]: s for s in now["steps"]}
        for step in node["steps"]:
            current = now_steps.get(step["step"])
            keys = ("action", "before", "after")
            if current is None or any(current[k] != step[k] for k in keys):
                was = f"{step['action']} {step['before']!r}->{step['after']!r}"
                is_ = (
                    f"{current['action']} {current['before']!r}->{current['after']!r}"
                    if current
                    else "absent"
                )
                reasons.append(f"{node['node']}/{step['step']}: planned {was}, now {is_}")
    return reasons


def has_changes(document: Mapping[str, Any]) -> bool:
    return bool(document["changes_pending"])
