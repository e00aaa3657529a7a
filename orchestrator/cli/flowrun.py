"""What every mutating verb shares: its options, dry-run/plan, the run itself and its report."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

import attrs
import click

from orchestrator import terminal
from orchestrator.cli.list_nodes import list_nodes, list_nodes_option
from orchestrator.cli.support import (
    cluster_limit_option,
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)
from orchestrator.errors import InputError, RefusedError
from orchestrator.exitcodes import ExitCode

# The engine, checks, rich output and transports are imported where a verb runs, not here:
# `orchestrate <verb> --help` only builds the command (issue 15 item 16; bench/startup.py).
if TYPE_CHECKING:
    from orchestrator.engine.runner import RunSettings
    from orchestrator.engine.spec import OptionValue, Workflow
    from orchestrator.inventory.models import Inventory, Node
    from orchestrator.run_report import report_run, run_document

__all__ = ["report_run", "run_document"]  # the verbs' and the Ansible module's import path


def __getattr__(name: str) -> Any:
    """`from orchestrator.cli.flowrun import report_run, run_document` keeps working (PEP 562)
    without loading the run report (and rich) when a verb only builds its command."""
    if name in __all__:
        from orchestrator import run_report

        return getattr(run_report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


F = TypeVar("F", bound=Callable[..., Any])
Verb = Callable[..., None]
VerbDecorator = Callable[[Verb], Verb]


def verbosity(ctx: click.Context) -> int:
    """-v on the root command: the run's final table lists every step (15.9)."""
    return int((ctx.find_root().obj or {}).get("verbose") or 0)


def state_dir(ctx: click.Context) -> Path:
    from orchestrator.engine.api import DEFAULT_STATE_DIR

    obj = ctx.find_root().obj or {}
    return Path(obj.get("state_dir") or DEFAULT_STATE_DIR)  # checked by the root command


def _remember_yes(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.ensure_object(dict)["yes"] = value


yes_option = click.option(
    "-y",
    "--yes",
    is_flag=True,
    envvar="ORCHESTRATE_YES",
    expose_value=False,
    callback=_remember_yes,
    help=(
        "Consent to the changes: apply without asking. Required when stdin is not a "
        "terminal (pipelines, cron, Ansible) [env: ORCHESTRATE_YES=1]."
    ),
)


def mutating_options(fn: F) -> F:
    """--max-fail-percent, --dry-run, --plan-out, --detailed-exitcode, --yes (DESIGN.md §8)."""
    decorators = [
        yes_option,
        click.option(
            "--max-fail-percent",
            type=click.FloatRange(min=0, max=100),
            default=None,
            help="Stop starting new nodes once more than this share of nodes failed.",
        ),
        click.option(
            "--dry-run",
            is_flag=True,
            help="Run pre-checks and checks only and print the plan; change nothing.",
        ),
        click.option(
            "--plan-out",
            type=click.Path(dir_okay=False, writable=True),
            default=None,
            metavar="FILE",
            help="With --dry-run: save the plan for `orchestrate apply FILE`.",
        ),
        click.option(
            "--detailed-exitcode",
            is_flag=True,
            help="With --dry-run: exit 3 when the plan has changes (0 when none).",
        ),
    ]
    for decorate in reversed(decorators):
        fn = decorate(fn)
    return fn


def check_plan_flags(dry_run: bool, plan_out: str | None, detailed_exitcode: bool) -> None:
    if plan_out is not None and not plan_out.strip():
        raise InputError("--plan-out", "empty; give the file to save the plan in")
    if (plan_out or detailed_exitcode) and not dry_run:
        flag = "--plan-out" if plan_out else "--detailed-exitcode"
        raise click.UsageError(f"{flag} only makes sense with --dry-run")
    if plan_out and not Path(plan_out).parent.is_dir():
        # Checked before planning, so a long plan is not thrown away at the end.
        raise InputError(
            "--plan-out", f"{plan_out}: directory {Path(plan_out).parent} does not exist"
        )


def plan_and_report(
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    settings: RunSettings,
    *,
    output: str,
    plan_out: str | None,
    detailed_exitcode: bool,
) -> ExitCode:
    from orchestrator.engine.api import make_plan
    from orchestrator.engine.plan import has_changes, plan_text, save_plan
    from orchestrator.output import stdout_console, write_json

    document = make_plan(workflow, inventory, nodes, settings)
    code = ExitCode(document["exit_code"])
    if code is ExitCode.OK and detailed_exitcode and has_changes(document):
        code = ExitCode.CHANGES_PENDING
    document["exit_code"] = int(code)
    if plan_out:
        save_plan(document, Path(plan_out))
    if output == "json":
        write_json(document, sys.stdout)
    else:
        plan_text(document, stdout_console())
    if plan_out and not terminal.quiet():  # -q: the plan is the result; the file is as asked
        # After the plan, on a line of its own: with 2>&1 the note no longer lands inside or
        # before the table (stdout is flushed first; a pipe buffers it).
        sys.stdout.flush()
        click.echo(
            f"plan saved to {plan_out}; apply it with: orchestrate apply {plan_out} --yes",
            err=True,
        )
    return code


def run_and_report(
    ctx: click.Context,
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    settings: RunSettings,
    *,
    output: str,
    guard: Callable[[], None] | None = None,
) -> ExitCode:
    from orchestrator.engine.api import start_run
    from orchestrator.live_progress import live_progress
    from orchestrator.run_report import report_run

    if not _confirmed(ctx, workflow, inventory, nodes, settings):
        cancelled = RefusedError("cancelled; nothing was changed")
        cancelled.fix = "answer y at the prompt, or pass --yes, to apply the plan"
        raise cancelled
    entry = inventory.cluster.entry_node.name if workflow.scope == "cluster" else None
    names = [n.name for n in nodes]
    if entry is not None and entry not in names:
        names.insert(0, entry)  # cluster cmdlets run there even when --limit leaves it out
    title = f"{workflow.name} on cluster {inventory.cluster.name}"
    with live_progress(title, names, entry=entry) as on_event:
        outcome = start_run(
            workflow,
            inventory,
            nodes,
            settings,
            state_dir=state_dir(ctx),
            argv=sys.argv[1:],
            guard=guard,
            on_event=on_event,
        )
    report_run(outcome, output=output, cluster=inventory.cluster.name, verbose=verbosity(ctx))
    return outcome.exit_code


NO_CONSENT = (
    "stdin is not a terminal, so nobody can be asked before changes are made; nothing was "
    "changed. Review the plan with --dry-run, then consent with --yes (or ORCHESTRATE_YES=1)"
)


def require_consent(ctx: click.Context) -> None:
    """Like `terraform apply` without -auto-approve: where nobody can answer the question
    (stdin is not a terminal) a changing verb does not go ahead without --yes. Checked before
    anything is contacted, planned or journaled (exit 2)."""
    if not (ctx.obj or {}).get("yes") and not sys.stdin.isatty():
        raise InputError(
            "--yes",
            NO_CONSENT,
            fix="review the plan with --dry-run, then run again with --yes (or ORCHESTRATE_YES=1)",
        )


def ask_consent(ctx: click.Context, question: str, *, undone: str = "nothing was changed") -> None:
    """Consent for a change that is not a flow's plan (resume, unlock, runs prune): --yes goes
    on, no terminal without --yes is refused (require_consent), a terminal is asked `question`;
    "no" is exit 5 saying `undone`."""
    require_consent(ctx)
    if (ctx.obj or {}).get("yes") or click.confirm(question, default=False, err=True):
        return
    cancelled = RefusedError(f"cancelled; {undone}")
    cancelled.fix = "answer y at the prompt, or pass --yes"
    raise cancelled


def _confirmed(
    ctx: click.Context,
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    settings: RunSettings,
) -> bool:
    """At a terminal, show the plan on stderr and ask before changing anything; --yes goes
    straight on. Without a terminal and without --yes, require_consent refused already."""
    require_consent(ctx)
    if (ctx.obj or {}).get("yes"):
        return True
    from orchestrator.engine.api import make_plan
    from orchestrator.engine.plan import has_changes, plan_text
    from orchestrator.output import stderr_console

    document = make_plan(workflow, inventory, nodes, settings)
    plan_text(document, stderr_console())
    if not has_changes(document):
        return True  # nothing to confirm; the run records that nothing needed changing
    return click.confirm("Apply these changes?", default=False, err=True)


@attrs.frozen
class FlowInvocation:
    """What a mutating verb was asked to do, apart from its own options: the values of the
    shared options (inventory, output, parallel, limit, dry-run/plan flags) and its workflow."""

    ctx: click.Context
    workflow: Workflow
    inventory_path: str
    output: str
    parallel: int
    limit: str | None
    max_fail_percent: float | None
    dry_run: bool
    plan_out: str | None
    detailed_exitcode: bool

    def inventory(self) -> Inventory:
        return load(self.inventory_path)

    def nodes(self, inventory: Inventory) -> list[Node]:
        from orchestrator.engine.preflight import cluster_limit_refusal, narrowed_cluster_flow

        nodes = select_nodes(inventory, self.limit)
        if (not self.dry_run or self.plan_out) and narrowed_cluster_flow(
            self.workflow, inventory, nodes
        ):
            # `unregister --limit node3` unregistered the whole cluster (issue 17 defect 5)
            raise InputError("--limit", cluster_limit_refusal(self.workflow))
        return nodes

    def settings(self, options: Mapping[str, OptionValue] | None = None) -> RunSettings:
        from orchestrator.engine.runner import Mode, RunSettings

        return RunSettings(
            mode=Mode.PLAN if self.dry_run else Mode.APPLY,
            parallel=self.parallel,
            max_fail_percent=self.max_fail_percent,
            options=options or {},
        )

    def plan(self, inventory: Inventory, nodes: Sequence[Node], settings: RunSettings) -> ExitCode:
        return plan_and_report(
            self.workflow,
            inventory,
            nodes,
            settings,
            output=self.output,
            plan_out=self.plan_out,
            detailed_exitcode=self.detailed_exitcode,
        )

    def run(
        self,
        inventory: Inventory,
        nodes: Sequence[Node],
        options: Mapping[str, OptionValue] | None = None,
    ) -> NoReturn:
        """The tail every mutating verb shares: plan (--dry-run) or run, report, exit."""
        settings = self.settings(options)
        if self.dry_run:
            code = self.plan(inventory, nodes, settings)
        else:
            code = run_and_report(
                self.ctx, self.workflow, inventory, nodes, settings, output=self.output
            )
        sys.exit(code)


@attrs.frozen
class DeclaredWorkflow:
    """A verb's workflow named by its module (which defines WORKFLOW), loaded when the verb
    runs: importing a workflow imports its steps, checks and the engine, which building the
    command for `--help` does not need (issue 15 item 16). `scope` picks the --limit option;
    tests/cli/test_verb_help_imports.py checks it against the loaded workflow's."""

    module: str
    scope: Literal["node", "cluster"]

    def load(self) -> Workflow:
        workflow: Workflow = importlib.import_module(self.module).WORKFLOW
        return workflow


def flow_verb(
    workflow: Workflow | DeclaredWorkflow,
    *,
    parallel: int | None = None,
    limit: VerbDecorator | None = None,
) -> VerbDecorator:
    """Give a mutating verb the shared options, in the order --help shows them (-i, --output,
    --parallel, --limit, then the mutating ones, then the verb's own), check the plan flags,
    and call it with one FlowInvocation followed by its own options.

    `parallel` fixes the concurrency and leaves --parallel out; `limit` replaces --limit."""

    def decorate(verb: Verb) -> Verb:
        @functools.wraps(verb)
        def command(**values: Any) -> None:
            loaded = workflow.load() if isinstance(workflow, DeclaredWorkflow) else workflow
            flow = FlowInvocation(
                ctx=click.get_current_context(),
                workflow=loaded,
                inventory_path=values.pop("inventory_path"),
                output=values.pop("output"),
                parallel=parallel if parallel is not None else values.pop("parallel"),
                limit=values.pop("limit"),
                max_fail_percent=values.pop("max_fail_percent"),
                dry_run=values.pop("dry_run"),
                plan_out=values.pop("plan_out"),
                detailed_exitcode=values.pop("detailed_exitcode"),
            )
            if values.pop("list_nodes"):
                inventory = flow.inventory()
                list_nodes(
                    flow.ctx.info_name or loaded.name,
                    inventory,
                    flow.nodes(inventory),
                    output=flow.output,
                )
            check_plan_flags(flow.dry_run, flow.plan_out, flow.detailed_exitcode)
            verb(flow, **values)

        # The verb's own options stay its own (functools.wraps shares the list otherwise).
        command.__dict__["__click_params__"] = list(getattr(verb, "__click_params__", []))
        shared: list[VerbDecorator] = [inventory_option, output_option]
        if parallel is None:
            shared.append(parallel_option)
        default_limit = cluster_limit_option if workflow.scope == "cluster" else limit_option
        shared += [limit or default_limit, list_nodes_option, mutating_options]
        decorated: Verb = command
        for option in reversed(shared):
            decorated = option(decorated)
        return decorated

    return decorate


def check_and_report(
    workflow: Workflow,
    inventory: Inventory,
    nodes: Sequence[Node],
    *,
    insecure: bool,
    parallel: int,
    output: str,
    command: str,
    title: str,
) -> NoReturn:
    """Read-only verbs (precheck, status): the engine in plan mode runs the flow's checks only;
    nothing is journaled or changed. Exit 1 when a check fails (warnings allowed), else 0."""
    from orchestrator.checks.base import Status
    from orchestrator.engine.lock import stale_record, stale_record_line
    from orchestrator.engine.runner import Engine, Mode, RunSettings
    from orchestrator.output import precheck_document, precheck_text, stdout_console, write_json
    from orchestrator.transport.factory import connect

    outcome = Engine(
        workflow,
        connect(inventory, insecure=insecure),
        nodes,
        RunSettings(mode=Mode.PLAN, parallel=parallel),
    ).run()
    results = outcome.precheck_results
    code = ExitCode.FAILED if any(r.status is Status.FAIL for r in results) else ExitCode.OK
    # A run that died holding the cluster's lock stops the next one (15.12): said here too.
    stale = stale_record(inventory.cluster.name)
    if output == "json":
        document = precheck_document(
            results,
            inventory=inventory.source,
            cluster=inventory.cluster.name,
            exit_code=int(code),
            command=command,
        )
        document["stale_lock"] = attrs.asdict(stale) if stale else None
        write_json(document, sys.stdout)
    else:
        precheck_text(results, stdout_console(), title=title)
        if stale:
            click.echo(stale_record_line(inventory.cluster.name, stale))
    sys.exit(code)
