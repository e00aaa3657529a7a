"""Generate docs/workflows/<flow>.md for every flow from its declaration, so a page can never
drift from what the engine runs: `python -m orchestrator.docs_gen` (or `--check` to only
compare).

Each page has what the declaration says (summary, scope, pre-checks, cluster pre-checks, steps
with their retry policy, idempotence and remediations, verification), how to run the verb (its
required options, the dry run, and the rest of its --help: details and exit codes), its
options, the Mermaid diagram of the same compiled machine `orchestrate graph` prints, and the
hand-written part of the flow module's docstring (everything after its first paragraph:
purpose, guards, scenarios handled).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from orchestrator.engine.compile import mermaid
from orchestrator.engine.spec import RetryPolicy, StepSpec, Workflow
from workflows import FLOWS, load_workflow

COMMAND = "python -m orchestrator.docs_gen"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "workflows"


def _first_line(obj: object) -> str:
    """The first paragraph of the object's own class docstring (never an inherited one)."""
    doc = inspect.cleandoc(type(obj).__dict__.get("__doc__") or "")
    paragraph = doc.split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _hand_written(flow: str) -> str:
    module = importlib.import_module(f"workflows.{flow.replace('-', '_')}")
    doc = inspect.getdoc(module) or ""
    parts = doc.split("\n\n", 1)
    body = parts[1].strip() if len(parts) > 1 else ""
    return body or "_No notes yet: add them to the flow module's docstring._"


def _retry(policy: RetryPolicy | None) -> str:
    if policy is None:
        return "no"
    return f"{policy.attempts} attempts within {policy.deadline_s:g} s, transient errors only"


def _remediations(spec: StepSpec) -> str:
    if not spec.remediations:
        return "-"
    return "; ".join(
        f"`{r.remediation.id}` (x{r.max_uses}): {_first_line(r.remediation)}"
        for r in spec.remediations
    )


def _checks(title: str, checks: Iterable[object], empty: str) -> list[str]:
    rows = [f"| `{getattr(c, 'name', '?')}` | {_cell(_first_line(c))} |" for c in checks]
    lines = [f"## {title}", ""]
    if not rows:
        return [*lines, empty, ""]
    return [*lines, "| check | what it verifies |", "|---|---|", *rows, ""]


def _guards(workflow: Workflow) -> list[str]:
    """Only flows with run guards get the section (the OS release guard, exit 5)."""
    if not workflow.guards:
        return []
    rows = [
        f"- `{g.name}`: {_first_line(g)} (needs: {getattr(g, 'needs', '-')})"
        for g in workflow.guards
    ]
    return ["## Run guards (refuse the whole run, exit 5; no option turns them off)", "", *rows, ""]


def _command(flow: str) -> click.Command | None:
    from orchestrator.cli import cli

    return cli.commands.get(flow)


def _invocation(flow: str, command: click.Command, *extra: str) -> str:
    """The verb with its required options (`-i INVENTORY`, arc-repair's `--limit NODES`)."""
    words = [f"orchestrate {flow}"]
    for param in command.params:
        if isinstance(param, click.Option) and param.required:
            metavar = (param.metavar or param.name or "VALUE").upper()
            words.append(f"{param.opts[0]} {metavar}")
    return " ".join([*words, *extra])


def _running(flow: str) -> list[str]:
    """How to run the verb (dry run first when it has one) and what its --help says beyond
    the first line: what it does in detail and its exit codes."""
    command = _command(flow)
    if command is None:
        return []
    names = {param.name for param in command.params}
    if "dry_run" in names:
        runs = [
            (_invocation(flow, command, "--dry-run"), "pre-checks and the plan; nothing changes"),
            (
                _invocation(flow, command, "--dry-run", "--detailed-exitcode"),
                "exit 3 when something would change",
            ),
            (_invocation(flow, command), "run it (journaled; `orchestrate resume` continues it)"),
        ]
    else:
        runs = [(_invocation(flow, command), "read-only; changes nothing")]
    width = max(len(line) for line, _ in runs)
    help_text = inspect.cleandoc(command.help or "").split("\f", 1)[0]
    paragraphs = [" ".join(p.split()) for p in help_text.split("\n\n")[1:] if p.strip()]
    return [
        "## Running it",
        "",
        "```",
        *(f"{line.ljust(width)}   # {why}" for line, why in runs),
        "```",
        "",
        *(line for paragraph in paragraphs for line in (paragraph, "")),
    ]


def _options(flow: str) -> list[str]:
    command = _command(flow)
    if command is None:
        return []
    rows = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            names = ", ".join(f"`{o}`" for o in param.opts)
            meaning = param.help or ""
            if param.required:
                meaning += " (required)"
            rows.append(f"| {names} | {_cell(meaning)} |")
    return [
        "## Options",
        "",
        f"`orchestrate {flow} --help` shows them; the common ones (`--dry-run`, `--plan-out`, "
        "`--detailed-exitcode`, `--parallel`, `--limit`, `--max-fail-percent`, `--output`) "
        "are described in docs/engine.md.",
        "",
        "| option | meaning |",
        "|---|---|",
        *rows,
        "",
    ]


def render(flow: str, workflow: Workflow | None = None) -> str:
    workflow = workflow or load_workflow(flow)
    where = (
        "every targeted node walks the steps"
        if workflow.scope == "node"
        else "pre-checks on every targeted node, then the steps once on the cluster's entry node"
    )
    lines = [
        f"# {workflow.name}",
        "",
        f"<!-- generated by `{COMMAND}` from workflows/{flow.replace('-', '_')}.py; "
        "do not edit by hand -->",
        "",
        workflow.summary,
        "",
        f"- verb: `orchestrate {workflow.name}`",
        f"- scope: `{workflow.scope}` ({where})",
        f"- version {workflow.version}, fingerprint `{workflow.fingerprint}` (journals and plans "
        "record it; resume refuses a different one)",
        "",
        *_running(flow),
        _hand_written(flow),
        "",
        *_guards(workflow),
        *_checks(
            "Pre-checks (every node, before any change)",
            workflow.prechecks,
            "None.",
        ),
        *_checks(
            "Cluster pre-checks (once per run; a failure blocks every node)",
            workflow.cluster_prechecks,
            "None.",
        ),
        "## Steps",
        "",
    ]
    if workflow.steps:
        lines += [
            "Each step checks first and changes only what differs; after a change it is checked "
            "again and must report nothing left to do.",
            "",
            "| # | step | ensures | retried | idempotent | remediations |",
            "|---|---|---|---|---|---|",
        ]
        for number, spec in enumerate(workflow.steps, start=1):
            idempotent = "yes" if spec.idempotent else "no (never retried blindly)"
            if spec.serial:
                idempotent += "; one node at a time"
            if not spec.reapply_when_in_doubt:
                idempotent += "; parks for an operator when in doubt after a crash"
            lines.append(
                f"| {number} | `{spec.id}` v{spec.step.version} | {_cell(spec.step.title)} | "
                f"{_retry(spec.retry)} | {idempotent} | {_cell(_remediations(spec))} |"
            )
    else:
        lines.append("None: this flow only checks.")
    if workflow.sweeps:
        lines += [
            "",
            "Sweeps (at the start and the end of each node's work, in every run and resume; "
            "never skipped as finished; what they remove is reported): "
            + "; ".join(f"`{w.id}`: {_cell(_first_line(w))}" for w in workflow.sweeps),
        ]
    lines += [
        "",
        *_checks("Verification (after the steps, every node)", workflow.verification, "None."),
        *_options(flow),
        "## State machine",
        "",
        f"Compiled by the engine; `orchestrate graph {workflow.name}` prints the same diagram.",
        "",
        "```mermaid",
        mermaid(workflow).rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)


def render_index(flows: Iterable[str]) -> str:
    lines = [
        "# Flows",
        "",
        f"<!-- generated by `{COMMAND}`; do not edit by hand -->",
        "",
        "| flow | scope | what it does |",
        "|---|---|---|",
    ]
    for flow in flows:
        workflow = load_workflow(flow)
        lines.append(f"| [{flow}]({flow}.md) | {workflow.scope} | {_cell(workflow.summary)} |")
    return "\n".join([*lines, ""])


def pages(flows: Iterable[str] = FLOWS) -> dict[str, str]:
    flows = list(flows)
    found = {f"{flow}.md": render(flow) for flow in flows}
    found["README.md"] = render_index(flows)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale pages")
    parser.add_argument("--out", type=Path, default=DOCS, help="folder (default docs/workflows)")
    args = parser.parse_args(argv)
    stale = []
    for name, text in pages().items():
        path = args.out / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    for name in stale:
        print(f"{verb}: {args.out / name}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
