"""`orchestrate apply PLAN.json`: apply a saved plan, refusing one the cluster has moved past."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from orchestrator.cli.flowrun import require_consent, run_and_report, yes_option
from orchestrator.cli.support import output_option, parallel_option
from orchestrator.errors import InputError, RefusedError


class StalePlan(RefusedError):
    """The cluster, the flow or the inventory changed since the plan was made."""


@click.command("apply")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@output_option
@parallel_option
@click.option(
    "--max-fail-percent",
    type=click.FloatRange(min=0, max=100),
    default=None,
    help="Stop starting new nodes once more than this share of nodes failed.",
)
@yes_option
@click.pass_context
def apply_plan(
    ctx: click.Context,
    plan_path: str,
    output: str,
    parallel: int,
    max_fail_percent: float | None,
) -> None:
    """Apply a plan saved with `--dry-run --plan-out FILE`.

    Every step is checked again first; if anything differs from the plan (or the flow or the
    inventory changed) nothing is applied and the exit code is 5."""
    # The engine and the flow load here, not for --help (issue 15.16).
    from orchestrator.engine.api import make_plan
    from orchestrator.engine.plan import load_plan, stale_reasons
    from orchestrator.engine.preflight import cluster_limit_refusal, narrowed_cluster_flow
    from orchestrator.engine.runner import Mode, RunSettings
    from orchestrator.inventory import load_inventory
    from workflows import load_workflow

    saved = load_plan(Path(plan_path))
    require_consent(ctx)  # a saved plan is reviewed, but applying it is still consented to
    workflow = load_workflow(saved["workflow"]["name"])
    if not Path(saved["inventory"]).is_file():
        raise InputError(
            "plan",
            f"{plan_path}: its inventory {saved['inventory']} is not there; apply needs the "
            "file the plan was made from, at the same path",
        )
    inventory = load_inventory(saved["inventory"])
    names = [n["node"] for n in saved["nodes"]]
    nodes = [n for n in inventory.cluster.nodes if n.name in names]
    missing = [name for name in names if name not in {n.name for n in nodes}]
    if missing:
        # stale whatever else holds (and not a narrowed selection, which it would look like)
        raise StalePlan(
            f"saved plan {plan_path} is stale, nothing was applied: "
            + "; ".join(f"{name}: in the plan but not in the inventory" for name in missing)
            + ". Plan again with --dry-run --plan-out"
        )
    if narrowed_cluster_flow(workflow, inventory, nodes):
        raise InputError(
            "plan",
            f"{plan_path} was made with --limit; {cluster_limit_refusal(workflow)}. Plan again "
            "without --limit",
        )
    settings = RunSettings(
        mode=Mode.APPLY,
        parallel=parallel,
        max_fail_percent=max_fail_percent,
        options=saved.get("options") or {},
    )

    def refuse_if_stale() -> None:
        # Runs under the cluster lock, so no other run can change the cluster after this check.
        reasons = stale_reasons(saved, make_plan(workflow, inventory, nodes, settings))
        if reasons:
            raise StalePlan(
                f"saved plan {plan_path} is stale, nothing was applied: {'; '.join(reasons)}. "
                "Plan again with --dry-run --plan-out"
            )

    code = run_and_report(
        ctx, workflow, inventory, nodes, settings, output=output, guard=refuse_if_stale
    )
    sys.exit(code)
