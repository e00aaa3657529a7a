"""The CI examples in examples/ci/ (quoted whole in docs/ci.md): valid YAML with the documented
shape (plan with --detailed-exitcode and the plan as an artifact; apply of the saved plan
behind an approval), and every `orchestrate ...` command in them parses against the real
command line. test_pipeline_runs.py lints them against the public schemas and runs their
shell steps on the lab."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from orchestrator.cli import cli
from tests.conftest import REPO

DOCS = REPO / "docs"
EXAMPLES_CI = REPO / "examples" / "ci"
GITHUB = EXAMPLES_CI / "github-actions.yml"
GITLAB = EXAMPLES_CI / "gitlab-ci.yml"
GITLAB_APPLY = EXAMPLES_CI / "hci-apply.yml"  # the child pipeline gitlab-ci.yml's plan starts
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


def gitlab_pipelines() -> list[dict[str, Any]]:
    return [load(GITLAB), load(GITLAB_APPLY)]


def markdown_shell_blocks(path: Path) -> Iterator[str]:
    yield from re.findall(r"```sh\n(.*?)```", path.read_text(), flags=re.S)


def all_commands() -> list[list[str]]:
    scripts = [
        *github_scripts(load(GITHUB)),
        *(script for pipeline in gitlab_pipelines() for script in gitlab_scripts(pipeline)),
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
    assert {"plan.json", "dist/"} <= set(upload["with"]["path"].split())  # plan + its wheel

    assert apply["needs"] == "plan"
    assert apply["environment"]  # protected: required reviewers approve the run
    assert "needs.plan.outputs.changes == 'true'" in apply["if"]
    assert "github.event_name == 'push'" in apply["if"]
    download = next(
        s for s in apply["steps"] if s.get("uses", "").startswith("actions/download-artifact")
    )
    assert download["with"]["name"] == upload["with"]["name"]
    runs = [s["run"] for s in apply["steps"] if "run" in s]
    assert any("\norchestrate apply plan.json" in f"\n{r}" for r in runs)
    secrets = [s.get("env", {}) for s in (*plan["steps"], *apply["steps"])]
    secret_names = ("PASSWORD", "SECRET", "TOKEN")
    assert all(
        value.startswith("${{ secrets.")
        for env in secrets
        for name, value in env.items()
        if any(word in name for word in secret_names)
    )


def test_gitlab_pipeline_plans_on_merge_requests_and_offers_a_manual_apply_only_for_changes() -> (
    None
):
    pipeline, child = load(GITLAB), load(GITLAB_APPLY)
    assert pipeline["stages"].index("plan") < pipeline["stages"].index("apply")
    plan, trigger = pipeline["plan"], pipeline["apply"]

    assert any("merge_request_event" in rule["if"] for rule in plan["rules"])
    plan_script = "\n".join(plan["script"])
    assert "--detailed-exitcode" in plan_script
    assert re.search(r"^\s*3\) changes=true", plan_script, flags=re.M)
    assert {"plan.json", "plan.txt", "dist/", "apply-pipeline.yml"} <= set(
        plan["artifacts"]["paths"]
    )
    assert plan["artifacts"]["when"] == "always"  # a blocked plan still shows why
    assert plan["artifacts"]["expose_as"]  # linked from the merge request

    # the apply stage is a child pipeline made from the plan job's artifact
    assert trigger["needs"] == ["plan"]
    assert trigger["trigger"]["include"] == [{"artifact": "apply-pipeline.yml", "job": "plan"}]
    assert trigger["trigger"]["strategy"] == "depend"
    assert all("CI_DEFAULT_BRANCH" in rule["if"] for rule in trigger["rules"])

    apply = child["apply"]
    assert apply["rules"] == [{"if": '$HCI_CHANGES == "true"', "when": "manual"}]
    assert child["nothing-to-apply"]["rules"] == [{"if": '$HCI_CHANGES != "true"'}]
    assert apply["allow_failure"] is False  # the pipeline waits for the approval
    assert apply["environment"]["name"]
    assert apply["resource_group"]
    assert apply["needs"] == [{"pipeline": "$PARENT_PIPELINE_ID", "job": "plan"}]
    assert any("orchestrate apply plan.json" in line for line in apply["script"])


def test_both_pipelines_install_the_project_from_a_pinned_reference_not_from_pypi() -> None:
    """hci-orchestrator is not on PyPI: a `pip install hci-orchestrator` would fail (or install
    someone else's package). The plan job builds the wheel from a pinned git reference and
    the apply job installs that same wheel from the plan's artifact."""
    scripts = [
        *github_scripts(load(GITHUB)),
        *(script for pipeline in gitlab_pipelines() for script in gitlab_scripts(pipeline)),
    ]
    pip_lines = [
        line.strip()
        for script in scripts
        for line in script.splitlines()
        if line.strip().startswith("pip ")
    ]
    assert pip_lines
    for line in pip_lines:
        words = shlex.split(line)
        if words[1] == "wheel":
            assert "hci-orchestrator @ $ORCHESTRATOR_SOURCE" in words
        else:
            assert words[1:] == ["install", "dist/hci_orchestrator-*.whl"], line
    for pipeline in (load(GITHUB)["env"], load(GITLAB)["variables"]):
        source = pipeline["ORCHESTRATOR_SOURCE"]
        assert re.fullmatch(r"git\+https://\S+\.git@\S+", source), source


@pytest.mark.parametrize("path", [GITHUB, GITLAB, GITLAB_APPLY], ids=lambda p: p.name)
def test_docs_quote_each_example_whole(path: Path) -> None:
    """What a reader copies from docs/ci.md is the file the tests check."""
    page = (DOCS / "ci.md").read_text()
    blocks = [m[1] for m in re.findall(r"^(`{3,})yaml\n(.*?)^\1$", page, flags=re.S | re.M)]
    assert path.read_text() in blocks, f"copy {path.relative_to(REPO)} into docs/ci.md"
