"""The CI examples in docs/ci/ and docs/ci.md: valid YAML with the documented shape (plan with
--detailed-exitcode and the plan as an artifact; apply of the saved plan behind an approval),
and every `orchestrate ...` command in them parses against the real command line."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from orchestrator.cli import cli
from tests.conftest import REPO, CliResult, base_inventory

DOCS = REPO / "docs"
GITHUB = DOCS / "ci" / "github-actions.yml"
GITLAB = DOCS / "ci" / "gitlab-ci.yml"
SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "2>", "2>&1", "&"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def orchestrate_commands(script: str) -> Iterator[list[str]]:
    """Each `orchestrate ...` invocation in a shell script, as argv (without the program)."""
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] != ["orchestrate"]:
            continue
        argv = []
        for word in words[1:]:
            if word in SHELL_OPERATORS:
                break
            argv.append(word)
        yield argv


def parse(argv: list[str]) -> click.Context:
    """Parse argv down to the leaf command as `orchestrate` would, without running anything;
    click raises UsageError for an unknown verb, option or a missing argument."""
    ctx = cli.make_context("orchestrate", list(argv))
    command: click.Command = cli
    while isinstance(command, click.Group):
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not rest:
            break
        name, sub, args = command.resolve_command(ctx, rest)
        assert sub is not None
        assert name is not None
        ctx = sub.make_context(name, args, parent=ctx)
        command = sub
    return ctx


def github_scripts(workflow: dict[str, Any]) -> Iterator[str]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                yield step["run"]


def gitlab_scripts(pipeline: dict[str, Any]) -> Iterator[str]:
    for name, job in pipeline.items():
        if isinstance(job, dict) and name != "variables":
            for key in ("before_script", "script", "after_script"):
                yield from job.get(key, [])


def markdown_shell_blocks(path: Path) -> Iterator[str]:
    yield from re.findall(r"```sh\n(.*?)```", path.read_text(), flags=re.S)


def all_commands() -> list[list[str]]:
    scripts = [
        *github_scripts(load(GITHUB)),
        *gitlab_scripts(load(GITLAB)),
        *markdown_shell_blocks(DOCS / "ci.md"),
    ]
    return [argv for script in scripts for argv in orchestrate_commands(script)]


def test_the_examples_contain_the_plan_and_the_apply_commands() -> None:
    commands = [" ".join(argv) for argv in all_commands()]
    assert len(commands) >= 6
    assert any(
        "--dry-run" in c and "--detailed-exitcode" in c and "--plan-out plan.json" in c
        for c in commands
    )
    assert any(c.startswith("apply plan.json") for c in commands)


@pytest.mark.parametrize("argv", all_commands(), ids=" ".join)
def test_every_orchestrate_command_parses_against_the_real_cli(argv: list[str]) -> None:
    ctx = parse(argv)
    assert ctx.command is not cli  # it named a verb


@pytest.mark.parametrize(
    "argv",
    [
        ["prepare", "-i", "inv.yaml", "--detailed-exit-code"],  # misspelt flag
        ["apply"],  # the plan argument is missing
        ["plan", "-i", "inv.yaml"],  # not a verb
        ["prepare", "--parallel", "0", "-i", "inv.yaml"],  # out of range
    ],
)
def test_the_parser_check_rejects_commands_the_cli_rejects(argv: list[str]) -> None:
    with pytest.raises(click.UsageError):
        parse(argv)


def test_parsing_understands_the_flags_it_checks() -> None:
    ctx = parse(
        ["prepare", "-i", "x.yaml", "--dry-run", "--detailed-exitcode", "--plan-out", "p.json"]
    )
    assert ctx.params["dry_run"] is True
    assert ctx.params["detailed_exitcode"] is True
    assert ctx.params["plan_out"] == "p.json"


def test_github_workflow_plans_on_pull_requests_and_applies_the_saved_plan_after_approval() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    plan, apply = workflow["jobs"]["plan"], workflow["jobs"]["apply"]

    plan_script = "\n".join(s.get("run", "") for s in plan["steps"])
    assert "--detailed-exitcode" in plan_script
    assert re.search(r"^\s*3\) .*changes=true", plan_script, flags=re.M)
    upload = next(
        s for s in plan["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"] == "plan.json"

    assert apply["needs"] == "plan"
    assert apply["environment"]  # protected: required reviewers approve the run
    assert "needs.plan.outputs.changes == 'true'" in apply["if"]
    assert "github.event_name == 'push'" in apply["if"]
    download = next(
        s for s in apply["steps"] if s.get("uses", "").startswith("actions/download-artifact")
    )
    assert download["with"]["name"] == upload["with"]["name"]
    runs = [s["run"] for s in apply["steps"] if "run" in s]
    assert any(r.startswith("orchestrate apply plan.json") for r in runs)
    secrets = [s.get("env", {}) for s in (*plan["steps"], *apply["steps"])]
    assert all(v.startswith("${{ secrets.") for env in secrets for v in env.values())


def test_gitlab_pipeline_plans_on_merge_requests_and_applies_manually_in_a_protected_environment() -> (
    None
):
    pipeline = load(GITLAB)
    assert pipeline["stages"].index("plan") < pipeline["stages"].index("apply")
    plan, apply = pipeline["plan"], pipeline["apply"]

    assert any("merge_request_event" in rule["if"] for rule in plan["rules"])
    assert any("--detailed-exitcode" in line for line in plan["script"])
    assert 3 in plan["allow_failure"]["exit_codes"]
    assert "plan.json" in plan["artifacts"]["paths"]
    assert plan["artifacts"]["when"] == "always"  # kept even when exit 3 warns

    assert apply["stage"] == "apply"
    assert apply["needs"] == ["plan"]
    assert all(rule.get("when") == "manual" for rule in apply["rules"])
    assert apply["allow_failure"] is False  # the pipeline waits for the approval
    assert apply["environment"]["name"]
    assert any(line.startswith("orchestrate apply plan.json") for line in apply["script"])


@pytest.mark.parametrize("pipeline", ["github", "gitlab"])
def test_the_pipelines_commands_do_what_the_pipeline_expects_on_the_lab(
    pipeline: str,
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plan -> exit 3 with plan.json written; apply plan.json -> exit 0; plan again -> exit 0."""
    scripts = list(
        github_scripts(load(GITHUB)) if pipeline == "github" else gitlab_scripts(load(GITLAB))
    )
    commands = [argv for script in scripts for argv in orchestrate_commands(script)]
    plan = next(argv for argv in commands if "--detailed-exitcode" in argv)
    apply = next(argv for argv in commands if argv[:1] == ["apply"])

    inventory = base_inventory()
    inventory["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}}
    (tmp_path / "inventories").mkdir()
    (tmp_path / "inventories" / "hci01.yaml").write_text(yaml.safe_dump(inventory))
    monkeypatch.chdir(tmp_path)  # the pipelines run in the checkout, with relative paths
    monkeypatch.setenv("ORCHESTRATE_LAB_STATE", str(tmp_path / "lab-world.json"))
    state = ["--state-dir", str(tmp_path / "state")]

    planned = orchestrate(*state, *plan)
    assert planned.code == 3, planned.err
    assert (tmp_path / "plan.json").exists()
    applied = orchestrate(*state, *apply)
    assert applied.code == 0, applied.err
    assert orchestrate(*state, *plan).code == 0  # nothing left to change
