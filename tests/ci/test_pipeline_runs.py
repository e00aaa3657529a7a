"""The CI examples as a runner sees them: each file validates against the public schema of
its CI (GitHub's workflow schema and GitLab's CI schema from SchemaStore, as vendored by the
check-jsonschema package: offline), and the pipelines' own shell steps, run by bash in the
order and with the environment their runner gives them, take the lab cluster from a plan with
changes through the approved apply to a plan with nothing left to do.

Only what needs the outside world is stood in for: `actions/*` steps and artifacts are file
copies between job workspaces, and `pip` is a stub that logs its arguments and, for
`pip wheel`, writes the wheel file pip would write (the jobs' own `orchestrate` is the real
CLI from this checkout)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.test_pipelines import GITHUB, GITLAB, GITLAB_APPLY, load
from tests.conftest import REPO, base_inventory

pytestmark = pytest.mark.slow

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
WHEEL = f"hci_orchestrator-{VERSION}-py3-none-any.whl"
PASSWORD = "lab-only-ci-secret"
PIP_STUB = """#!/bin/sh
# test stand-in for pip: log the call; `pip wheel ... --wheel-dir DIR` writes the wheel file
echo "$*" >> "$PIP_LOG"
if [ "$1" = wheel ]; then
  while [ $# -gt 0 ]; do
    if [ "$1" = --wheel-dir ]; then mkdir -p "$2" && : > "$2/__WHEEL__"; fi
    shift
  done
fi
"""


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    extra = ["--data-transform", "gitlab-ci"] if "gitlab" in schema else []
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *extra, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", GITHUB),
        ("vendor.gitlab-ci", GITLAB),
        ("vendor.gitlab-ci", GITLAB_APPLY),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_the_examples_validate_against_the_public_ci_schemas(schema: str, path: Path) -> None:
    done = check_jsonschema(schema, path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("schema", "breakage"),
    [
        ("vendor.github-workflows", {"jobs": {"plan": {"steps": [{"run": "x"}]}}}),  # no runs-on
        ("vendor.gitlab-ci", {"apply": {"script": ["x"], "when": "sometimes"}}),
    ],
)
def test_the_schema_check_rejects_what_the_ci_would_reject(
    schema: str, breakage: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(breakage))
    done = check_jsonschema(schema, path)
    assert done.returncode == 1, done.stdout


class Runner:
    """Job workspaces on one runner (same path for every job, as a self-hosted runner's
    checkout), the persistent state directory, the lab world and the stubbed pip."""

    def __init__(self, tmp_path: Path) -> None:
        self.workspace = tmp_path / "workspace"
        self.artifacts = tmp_path / "artifacts"
        self.state = tmp_path / "var-lib-orchestrate"
        self.pip_log = tmp_path / "pip.log"
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        (bin_dir / "pip").write_text(PIP_STUB.replace("__WHEEL__", WHEEL))
        (bin_dir / "pip").chmod(0o755)
        inventory = base_inventory()
        inventory["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}}
        inventory["connection"]["password_env"] = "HCI_PASSWORD"
        self.inventory = yaml.safe_dump(inventory)
        self.env = {
            "PATH": os.pathsep.join(
                [str(bin_dir), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
            ),
            "HOME": str(tmp_path / "home"),
            "PIP_LOG": str(self.pip_log),
            "ORCHESTRATE_LAB_STATE": str(tmp_path / "lab-world.json"),
            "ORCHESTRATE_LOCK_DIR": os.environ["ORCHESTRATE_LOCK_DIR"],
        }

    def checkout(self, extra: dict[str, Path] | None = None) -> None:
        """A fresh checkout of the user's repository at the same path."""
        shutil.rmtree(self.workspace, ignore_errors=True)
        (self.workspace / "inventories").mkdir(parents=True)
        (self.workspace / "inventories" / "hci01.yaml").write_text(self.inventory)
        for name, source in (extra or {}).items():
            (self.workspace / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, self.workspace / name)

    def pipeline_env(self, variables: dict[str, str]) -> dict[str, str]:
        """The pipeline's variables, with the runner's state directory where it says."""
        env = dict(variables)
        for name, value in env.items():
            if value.startswith("/var/lib/orchestrate"):
                env[name] = value.replace("/var/lib/orchestrate", str(self.state))
        return env

    def bash(
        self, script: str, env: dict[str, str], *flags: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", *flags, "-c", script],
            cwd=self.workspace,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    def upload(self, name: str, paths: list[str]) -> None:
        target = self.artifacts / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in paths:
            source = self.workspace / path.rstrip("/")
            assert source.exists(), f"artifact path {path} missing"
            if source.is_dir():
                shutil.copytree(source, target / path.rstrip("/"))
            else:
                shutil.copy(source, target / path)

    def download(self, name: str) -> None:
        shutil.copytree(self.artifacts / name, self.workspace, dirs_exist_ok=True)

    def pip_calls(self) -> list[str]:
        calls = self.pip_log.read_text().splitlines() if self.pip_log.exists() else []
        self.pip_log.unlink(missing_ok=True)
        return calls


def github_expression(value: str) -> str:
    """The only expressions the example's step env uses: secrets."""
    return re.sub(r"\$\{\{\s*secrets\.(\w+)\s*\}\}", lambda m: PASSWORD, value)


def run_github_job(runner: Runner, workflow: dict[str, Any], name: str) -> dict[str, str]:
    """Run one job's steps; returns its step outputs (GITHUB_OUTPUT) and leaves the summary."""
    runner.checkout()
    outputs: dict[str, str] = {}
    for step in workflow["jobs"][name]["steps"]:
        uses = step.get("uses", "")
        if uses.startswith(("actions/checkout", "actions/setup-python")):
            continue  # the checkout is made above; the runner has Python
        if uses.startswith("actions/upload-artifact"):
            runner.upload(step["with"]["name"], step["with"]["path"].split())
            continue
        if uses.startswith("actions/download-artifact"):
            runner.download(step["with"]["name"])
            continue
        assert not uses, f"no stand-in for {uses}"
        output = runner.workspace.parent / "github-output"
        output.write_text("")
        env = {
            **runner.pipeline_env(workflow["env"]),
            **{k: github_expression(str(v)) for k, v in step.get("env", {}).items()},
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(runner.workspace.parent / f"summary-{name}.md"),
        }
        done = runner.bash(step["run"], env, "-e")  # GitHub's default: bash -e {0}
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout}{done.stderr}"
        if "id" in step:
            for line in output.read_text().splitlines():
                key, _, value = line.partition("=")
                outputs[f"steps.{step['id']}.outputs.{key}"] = value
    job_outputs = workflow["jobs"][name].get("outputs", {})
    return {key: outputs.get(expr.strip("${} "), "") for key, expr in job_outputs.items()}


def test_the_github_workflow_plans_applies_the_approved_plan_and_plans_nothing_after(
    tmp_path: Path,
) -> None:
    runner = Runner(tmp_path)
    workflow = load(GITHUB)
    apply_if = workflow["jobs"]["apply"]["if"]
    assert apply_if == "github.event_name == 'push' && needs.plan.outputs.changes == 'true'"

    outputs = run_github_job(runner, workflow, "plan")
    assert outputs == {"changes": "true"}
    plan_pip = runner.pip_calls()
    summary = (tmp_path / "summary-plan.md").read_text()
    assert "start_hcisvc" in summary  # the plan, on the job's summary page
    assert "(exit 3)" in summary

    run_github_job(runner, workflow, "apply")  # a push to main, approved
    apply_pip = runner.pip_calls()
    result = json.loads((runner.workspace / "result.json").read_text())
    assert (result["command"], result["exit_code"], result["summary"]["done"]) == ("prepare", 0, 4)
    assert "(exit 0)" in (tmp_path / "summary-apply.md").read_text()

    # the same wheel: built once from the pinned reference, installed by both jobs
    source = workflow["env"]["ORCHESTRATOR_SOURCE"]
    assert plan_pip == [
        f"wheel --no-deps --wheel-dir dist hci-orchestrator @ {source}",
        f"install dist/{WHEEL}",
    ]
    assert apply_pip == [f"install dist/{WHEEL}"]
    assert list((tmp_path / "var-lib-orchestrate" / "runs").iterdir())  # journal kept on the runner

    assert run_github_job(runner, workflow, "plan") == {"changes": "false"}  # no apply job


def run_gitlab_job(
    runner: Runner, variables: dict[str, str], job: dict[str, Any]
) -> subprocess.CompletedProcess[str]:
    script = "\n".join([*job.get("before_script", []), *job["script"]])
    env = runner.pipeline_env({**variables, **job.get("variables", {})})
    return runner.bash(script, env, "-e", "-o", "pipefail")  # the runner's bash: set -eo pipefail


def gitlab_rule_matches(rule: dict[str, Any], variables: dict[str, str]) -> bool:
    """The two rule forms the child pipeline uses: $NAME == "value" and $NAME != "value"."""
    match = re.fullmatch(r'\$(\w+) (==|!=) "(.*)"', rule["if"])
    assert match, f"unsupported rule {rule['if']}"
    name, operator, value = match.groups()
    return (variables.get(name) == value) == (operator == "==")


def gitlab_child_jobs(
    runner: Runner, pipeline: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The child pipeline the plan job wrote, linted like the files, and which of its jobs
    GitLab would create (name -> `when`)."""
    path = runner.workspace / "apply-pipeline.yml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.gitlab-ci",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    child = yaml.safe_load(path.read_text())
    variables = {**pipeline["variables"], **child.get("variables", {})}
    created = {}
    for name, job in child.items():
        if isinstance(job, dict) and "script" in job:
            rule = next((r for r in job["rules"] if gitlab_rule_matches(r, variables)), None)
            if rule is not None:
                created[name] = rule.get("when", "on_success")
    return child, created


def test_the_gitlab_pipeline_offers_the_manual_apply_only_when_the_plan_has_changes(
    tmp_path: Path,
) -> None:
    runner = Runner(tmp_path)
    pipeline = load(GITLAB)
    variables = {**pipeline["variables"], "HCI_PASSWORD": PASSWORD}
    plan_job = pipeline["plan"]
    repo_files = {"ci/hci-apply.yml": GITLAB_APPLY}

    runner.checkout(repo_files)
    done = run_gitlab_job(runner, variables, plan_job)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "start_hcisvc" in done.stdout  # the plan, in the job log
    runner.upload("plan", plan_job["artifacts"]["paths"])
    source = pipeline["variables"]["ORCHESTRATOR_SOURCE"]
    assert runner.pip_calls() == [
        f"wheel --no-deps --wheel-dir dist hci-orchestrator @ {source}",
        f"install dist/{WHEEL}",
    ]
    child, created = gitlab_child_jobs(runner, pipeline)
    assert created == {"apply": "manual"}

    # a person starts the manual job: it gets the plan job's artifacts from the parent
    runner.checkout(repo_files)
    runner.download("plan")
    child_variables = {
        **variables,
        **child["variables"],
        "PARENT_PIPELINE_ID": "1",
    }
    applied = run_gitlab_job(runner, child_variables, child["apply"])
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert runner.pip_calls() == [f"install dist/{WHEEL}"]  # the plan's own wheel
    assert json.loads(applied.stdout)["exit_code"] == 0  # the result, in the job log
    assert list((tmp_path / "var-lib-orchestrate" / "runs").iterdir())

    # the next pipeline: nothing to change, so no apply is offered
    runner.checkout(repo_files)
    again = run_gitlab_job(runner, variables, plan_job)
    assert again.returncode == 0, again.stdout + again.stderr
    assert gitlab_child_jobs(runner, pipeline)[1] == {"nothing-to-apply": "on_success"}


def test_the_gitlab_plan_says_when_a_protected_variable_did_not_reach_it(
    tmp_path: Path,
) -> None:
    """A merge-request pipeline of an unprotected branch gets no Protected variables."""
    runner = Runner(tmp_path)
    pipeline = load(GITLAB)
    runner.checkout({"ci/hci-apply.yml": GITLAB_APPLY})

    done = run_gitlab_job(runner, dict(pipeline["variables"]), pipeline["plan"])

    assert done.returncode == 1
    assert "Protected variable reaches only protected branches" in done.stderr
    assert runner.pip_calls() == []  # stopped before anything else
