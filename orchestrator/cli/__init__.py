"""The `orchestrate` command line. Each verb lives in its own module; this one wires them up
and turns every error into one line on stderr and the documented exit code."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from orchestrator import __version__
from orchestrator.cli.lazy import LazyGroup, LazyVerb
from orchestrator.engine.interrupts import Terminated, interrupt_exit_code, sigterm_as_interrupt
from orchestrator.errors import OrchestratorError
from orchestrator.exitcodes import ExitCode

# Every verb: its module, its click command, and the summary `orchestrate --help` lists
# (the command's short_help, declared=True, or the first paragraph of its help). A verb's module
# (and the engine, pypsrp, azure, rich... behind it) is imported only when the verb is used
# (issue 15.16; cli/lazy.py). tests/cli/test_lazy_verbs.py keeps these equal to the commands.
VERBS = {
    "precheck": LazyVerb(
        "orchestrator.cli.precheck",
        "precheck",
        "Read-only readiness checks on every node and against Azure.",
        declared=True,
    ),
    "diagnose": LazyVerb(
        "orchestrator.cli.diagnose",
        "diagnose",
        "Explain failures in logs, events or console output.",
    ),
    "prepare": LazyVerb(
        "orchestrator.cli.prepare",
        "prepare",
        "Start services and fix clocks so the nodes can register.",
    ),
    "register": LazyVerb(
        "orchestrator.cli.register",
        "register",
        "Register the cluster with Azure and Arc-enable every node.",
        declared=True,
    ),
    "repair": LazyVerb(
        "orchestrator.cli.repair",
        "repair",
        "Repair the registration, keeping its Azure resource.",
        declared=True,
    ),
    "status": LazyVerb(
        "orchestrator.cli.status",
        "status",
        "Registration, sync, policy and Arc per node (read-only).",
        declared=True,
    ),
    "unregister": LazyVerb(
        "orchestrator.cli.unregister",
        "unregister",
        "Unregister the cluster from Azure and clean up after it.",
    ),
    "arc-cleanup": LazyVerb(
        "orchestrator.cli.arc_cleanup",
        "arc_cleanup",
        "Disable Arc integration and disconnect the agent locally.",
    ),
    "arc-repair": LazyVerb(
        "orchestrator.cli.arc_repair",
        "arc_repair",
        "Repair Arc on the named nodes, one at a time.",
    ),
    "arc-onboard": LazyVerb(
        "orchestrator.cli.arc_onboard",
        "arc_onboard",
        "Connect servers to Azure Arc with a service principal.",
    ),
    "arc-offboard": LazyVerb(
        "orchestrator.cli.arc_offboard",
        "arc_offboard",
        "Disconnect servers from Azure Arc (azcmagent disconnect).",
    ),
    "arc-initialize": LazyVerb(
        "orchestrator.cli.arc_initialize",
        "arc_initialize",
        "Register Azure Local 23H2+ machines with Azure Arc.",
    ),
    "collect-logs": LazyVerb(
        "orchestrator.cli.collect_logs",
        "collect_logs",
        "Gather every node's logs into one archive with a manifest.",
    ),
    "apply": LazyVerb(
        "orchestrator.cli.apply",
        "apply_plan",
        "Apply a plan saved with `--dry-run --plan-out FILE`.",
    ),
    "show": LazyVerb(
        "orchestrator.cli.show",
        "show",
        "Show a saved plan as the dry run showed it.",
    ),
    "validate": LazyVerb(
        "orchestrator.cli.validate",
        "validate",
        "Check an inventory offline: nothing is contacted.",
    ),
    "resume": LazyVerb(
        "orchestrator.cli.resume",
        "resume",
        "Continue an interrupted or failed run from its journal.",
    ),
    "runs": LazyVerb(
        "orchestrator.cli.runs",
        "runs",
        "List runs (newest last); `runs show RUN_ID` shows one.",
    ),
    "unlock": LazyVerb(
        "orchestrator.cli.unlock",
        "unlock",
        "Remove a stale lock record left by a run that died.",
    ),
    "graph": LazyVerb(
        "orchestrator.cli.graph",
        "graph",
        "Print a flow's state diagram as the engine compiles it.",
        declared=True,
    ),
    # The lab's verbs (lab code: imported only for `orchestrate lab ...`).
    "lab": LazyVerb(
        "orchestrator.cli.lab",
        "lab",
        "The built-in lab: a simulated HCI cluster and Azure.",
    ),
}


@click.group(
    cls=LazyGroup,
    verbs=VERBS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="orchestrate")
@click.option(
    "-v", "--verbose", count=True, help="More detail on stderr, timestamped (-vv: debug)."
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the result (stderr: errors only, no progress)."
)
@click.option(
    "--log-file",
    metavar="PATH",
    default=None,
    help="Also append the full DEBUG log to PATH, timestamped (UTC) and with secrets masked.",
)
@click.option(
    "--no-color",
    is_flag=True,
    help="No colours or styles in any output [also when NO_COLOR is set].",
)
@click.option(
    "--state-dir",
    envvar="ORCHESTRATE_HOME",
    default=".orchestrate",
    show_default=True,
    metavar="DIR",
    help=(
        "Where journals (runs/) live [env: ORCHESTRATE_HOME]. Cluster locks are host-wide: "
        "~/.orchestrate/locks [env: ORCHESTRATE_LOCK_DIR]."
    ),
)
@click.pass_context
def cli(
    ctx: click.Context,
    verbose: int,
    quiet: bool,
    log_file: str | None,
    no_color: bool,
    state_dir: str,
) -> None:
    """Register, unregister and repair Azure Stack HCI clusters and their Arc agents, safely,
    across every node. Results go to stdout; logs and progress go to stderr.

    New here? `orchestrate lab demo` runs the main flows against a simulated cluster on
    127.0.0.1; `orchestrate VERB --help` explains each verb.

    \b
    Exit codes (every verb; docs/exit-codes.md):
      0 ok or nothing to change, 1 failure, 2 bad input or flags (nothing changed),
      3 changes pending (--dry-run --detailed-exitcode), 4 partial,
      5 refused (guard, stale plan, lock held, needs an operator)
      130 interrupted, 143 terminated by SIGTERM (`orchestrate resume RUN_ID` continues)"""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    ctx.obj["state_dir"] = state_dir
    from orchestrator import terminal
    from orchestrator.cli.logs import configure_logging
    from orchestrator.cli.support import check_state_dir

    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other; give one of them")
    terminal.set_preferences(no_color=no_color, quiet=quiet)
    configure_logging(verbose, quiet=quiet, log_file=log_file)
    check_state_dir(state_dir)


_GLOBAL_OPTIONS = frozenset(opt for param in cli.params for opt in param.opts)


def _masked(error: click.ClickException) -> click.ClickException:
    """click's usage errors quote the bad value ("'X' is not one of ..."): a secret typed in
    the wrong place is never repeated. (`message` is typed Final; it is a plain attribute.)"""
    from orchestrator import echo

    error.__dict__["message"] = echo.mask(error.message)
    return error


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry: no traceback for expected errors, exit codes per docs/exit-codes.md;
    with --output json, an error also ends as one JSON document on stdout (errordoc.py)."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in args if word in cli.commands), None)

    def document(error: BaseException) -> None:
        from orchestrator.cli.errordoc import document_for, wants_json, write_error_document

        if wants_json(args):
            write_error_document(document_for(error, command))

    try:
        with sigterm_as_interrupt():  # SIGTERM (CI cancel, timeouts) stops a run like Ctrl-C
            return cli.main(args=args, prog_name="orchestrate", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.NoSuchOption as error:
        document(_masked(error))
        if error.option_name in _GLOBAL_OPTIONS and error.ctx and error.ctx.parent:
            # `orchestrate prepare --state-dir X`: right option, wrong place.
            verb = error.ctx.command_path.split(" ", 1)[-1]
            click.UsageError(
                f"{error.option_name} is a global option: put it before the verb, e.g. "
                f"orchestrate {error.option_name} ... {verb} ...",
                ctx=error.ctx,
            ).show()
        else:
            _masked(error).show()
        sys.exit(ExitCode.USAGE)
    except click.ClickException as error:
        document(_masked(error))
        _masked(error).show()
        sys.exit(ExitCode.USAGE)
    except click.Abort as stop:
        # click turns KeyboardInterrupt (Ctrl-C, or SIGTERM's Terminated) into Abort
        cause = stop.__cause__ or stop
        if interrupt_exit_code(cause) == ExitCode.INTERRUPTED:
            document(stop)
        click.echo("terminated" if isinstance(cause, Terminated) else "interrupted", err=True)
        sys.exit(interrupt_exit_code(cause))
    except KeyboardInterrupt as stop:
        if interrupt_exit_code(stop) == ExitCode.INTERRUPTED:
            document(stop)
        click.echo("terminated" if isinstance(stop, Terminated) else "interrupted", err=True)
        sys.exit(interrupt_exit_code(stop))
    except OrchestratorError as error:
        document(error)
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug: say so in one line; the traceback only when asked
        from orchestrator.catalog import redact

        document(error)
        logging.getLogger("orchestrator").debug("internal error", exc_info=True)
        # unknown text (a library's message may quote a request): masked like collected logs
        click.echo(
            f"internal error: {error.__class__.__name__}: {redact(str(error))} "
            "(re-run with -vv for details)",
            err=True,
        )
        sys.exit(ExitCode.FAILED)
