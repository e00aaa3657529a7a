"""One flow, planned or run, as a single call returning one result: what automation tools (the
Ansible module in ansible_collections/hci_orchestrator/hci) need, without a command line.

The result follows Ansible's conventions (`changed`, `failed`, `msg`, `diff` as a list of
{before_header, after_header, before, after}) so the module only forwards it. Secrets reach
the orchestrator through the environment variables the inventory names, set for the duration
of the call only; they never enter the inventory, the plan, the journal or the result.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import yaml

from orchestrator.catalog.classify import diagnose
from orchestrator.checks.base import Status
from orchestrator.cli.flowrun import run_document
from orchestrator.cli.support import check_directory, select_nodes
from orchestrator.engine.api import (
    make_plan,
    start_run,
)
from orchestrator.engine.interrupts import sigterm_as_interrupt
from orchestrator.engine.preflight import cluster_limit_refusal, narrowed_cluster_flow
from orchestrator.engine.runner import Mode, RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue
from orchestrator.errors import InputError, OrchestratorError
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import Inventory, load_inventory, parse_inventory
from orchestrator.inventory.ansible import from_ansible, looks_like_ansible
from orchestrator.inventory.yaml_text import parse_yaml, read_text

# azure-identity's EnvironmentCredential reads these (azure.credential: environment).
AZURE_CLIENT_ID_ENV = "AZURE_CLIENT_ID"
AZURE_TENANT_ID_ENV = "AZURE_TENANT_ID"
AZURE_CLIENT_SECRET_ENV = "AZURE_CLIENT_SECRET"  # noqa: S105 (a variable name)


def _scalar_options(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for name, option in value.items():
        if option is not None and not isinstance(option, str | int | float | bool):
            raise InputError(
                f"{attribute.name}.{name}",
                f"{type(option).__name__} value: flow options are text, numbers or booleans",
            )


@attrs.frozen
class Secrets:
    """Values that only ever travel as environment variables; repr never shows them."""

    password: str | None = attrs.field(default=None, repr=False)
    azure_client_secret: str | None = attrs.field(default=None, repr=False)
    azure_token: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class TaskRequest:
    flow: str
    state_dir: Path
    inventory_path: str | None = None
    inventory_data: Mapping[str, Any] | None = None
    azure: Mapping[str, Any] | None = None  # replaces the inventory's azure section
    azure_client_id: str | None = None
    options: Mapping[str, OptionValue] = attrs.field(factory=dict, validator=_scalar_options)
    limit: Sequence[str] = ()
    parallel: int = attrs.field(default=8, validator=attrs.validators.in_(range(1, 257)))
    max_fail_percent: float | None = None
    check_mode: bool = False
    secrets: Secrets = attrs.field(factory=Secrets)

    def __attrs_post_init__(self) -> None:
        if (self.inventory_path is None) == (self.inventory_data is None):
            raise InputError(
                "inventory", "give exactly one of inventory (a file) or inventory_data (a dict)"
            )


def materialise_inventory(request: TaskRequest) -> Inventory:
    """The inventory the run uses, always backed by a file: plans and journals record its path
    and content hash, so `orchestrate apply`/`resume` work on runs started from Ansible.

    Inline data, or a file with the Azure target replaced, is validated first and then written
    to <state_dir>/inventories/<content hash>.yaml (the same data reuses the same file)."""
    if request.inventory_path is not None and not Path(request.inventory_path).is_file():
        # said here because the loader's own message speaks of the CLI's -i
        raise InputError(
            "inventory", f"{request.inventory_path}: no such file; check the inventory parameter"
        )
    if request.inventory_path is not None and request.azure is None:
        return load_inventory(request.inventory_path)
    if request.inventory_data is not None:
        data = dict(request.inventory_data)
        source = "inventory_data"
    else:
        assert request.inventory_path is not None
        data = _read_inventory_data(request.inventory_path)
        source = request.inventory_path
    if request.azure is not None:
        data["azure"] = dict(request.azure)
    parse_inventory(data, source)  # every error names its field before anything is written
    text = yaml.safe_dump(data, sort_keys=True)
    folder = request.state_dir / "inventories"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.yaml"
    if not path.exists():
        path.write_text(text)
    return load_inventory(path)


def _read_inventory_data(path: str) -> dict[str, Any]:
    inventory = load_inventory(path)  # the file's own errors, with its own name
    data = parse_yaml(read_text(path, inventory.source), inventory.source)
    if looks_like_ansible(data):
        data = from_ansible(data, inventory.source)
    return dict(data)


def secret_environment(
    inventory: Inventory, secrets: Secrets, client_id: str | None
) -> dict[str, str]:
    """Which environment variables carry the secrets, as the inventory names them."""
    env: dict[str, str] = {}
    if secrets.password is not None:
        name = inventory.connection.password_env
        if name is None:
            raise InputError(
                "password",
                "the inventory's connection has no password_env; add password_env: NAME "
                "(the module puts the password into that environment variable)",
            )
        env[name] = secrets.password
    azure = inventory.azure
    if secrets.azure_token is not None:
        if azure is None or not azure.credential.startswith("token_env:"):
            raise InputError(
                "azure_token", "needs azure.credential: token_env:NAME in the inventory"
            )
        env[azure.credential.split(":", 1)[1]] = secrets.azure_token
    if secrets.azure_client_secret is not None or client_id is not None:
        if azure is None or azure.credential != "environment":
            raise InputError(
                "azure_client_secret",
                "a service principal needs azure.credential: environment in the inventory",
            )
        if client_id is not None:
            env[AZURE_CLIENT_ID_ENV] = client_id
        if secrets.azure_client_secret is not None:
            env[AZURE_CLIENT_SECRET_ENV] = secrets.azure_client_secret
        env[AZURE_TENANT_ID_ENV] = azure.tenant_id
    return env


@contextmanager
def environment(overlay: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overlay}
    os.environ.update(overlay)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@attrs.frozen
class VerbPolicy:
    needs_limit: bool = False
    serial: bool = False


def verb_policy(flow: str) -> VerbPolicy:
    """The safety rules the flow's `orchestrate` verb enforces through its options, so that the
    module is never more permissive than the command line: a required --limit stays required,
    and a verb without --parallel (it runs one node at a time) runs one node at a time here."""
    from orchestrator.cli import cli  # the verbs import this module's neighbours, not it

    command = cli.commands.get(flow)
    if command is None:
        return VerbPolicy()
    params = {p.name: p for p in command.params}
    limit = params.get("limit")
    return VerbPolicy(
        needs_limit=bool(limit is not None and limit.required),
        serial="limit" in params and "parallel" not in params,
    )


def run_task(request: TaskRequest, argv: Sequence[str] = ()) -> dict[str, Any]:
    """Plan (check mode) or run the flow; every expected error becomes `failed` with `msg`."""
    from workflows import (  # the flows import the engine, not the other way
        load_workflow,
        validate_options,
    )

    try:
        workflow = load_workflow(request.flow)
        policy = verb_policy(request.flow)
        if policy.needs_limit and not request.limit:
            raise InputError(
                "limit",
                f"the {request.flow} flow works on named nodes only (like `orchestrate "
                f"{request.flow} --limit`); set limit to the nodes to work on",
            )
        check_directory("state_dir", str(request.state_dir))
        inventory = materialise_inventory(request)
        nodes = select_nodes(inventory, ",".join(request.limit) if request.limit else None)
        if not request.check_mode and narrowed_cluster_flow(workflow, inventory, nodes):
            raise InputError("limit", cluster_limit_refusal(workflow))
        # the flow's option rules, as its `orchestrate` verb applies them (same texts)
        options = validate_options(
            request.flow, request.options, inventory, lambda option: f"options.{option}"
        )
        settings = RunSettings(
            mode=Mode.PLAN if request.check_mode else Mode.APPLY,
            parallel=1 if policy.serial else request.parallel,
            max_fail_percent=request.max_fail_percent,
            options=options,
        )
        overlay = secret_environment(inventory, request.secrets, request.azure_client_id)
        with environment(overlay):
            if request.check_mode:
                return plan_result(make_plan(workflow, inventory, nodes, settings))
            # Ansible's timeouts stop a module with SIGTERM: journal it, release the lock (143)
            with sigterm_as_interrupt():
                outcome = start_run(
                    workflow,
                    inventory,
                    nodes,
                    settings,
                    state_dir=request.state_dir,
                    argv=list(argv),
                )
    except OrchestratorError as error:
        return {"changed": False, "failed": True, "msg": str(error), "exit_code": error.exit_code}
    return run_result(outcome, cluster=inventory.cluster.name, state_dir=request.state_dir)


def plan_result(plan: Mapping[str, Any]) -> dict[str, Any]:
    diff = [
        _diff_entry(node["node"], step, step["before"], _planned_after(step))
        for node in plan["nodes"]
        for step in node["steps"]
        if step["action"] != "no-op"
    ]
    failed = plan["exit_code"] not in (ExitCode.OK, ExitCode.CHANGES_PENDING)
    remediation = [
        _remediation(check["node"], check["check"], check["remediation"] or check["observed"])
        for check in _failed_checks(plan)
    ]
    explained = {r["node"] for r in remediation}
    unexplained = [
        (node["node"], node["reason"])
        for node in plan["nodes"]
        if node["status"] == "blocked" and node["reason"] and node["node"] not in explained
    ]
    summary = plan["summary"]
    msg = (
        f"plan for {plan['workflow']['name']} on {plan['cluster']}: {summary['change']} to change, "
        f"{summary['unknown']} unknown, {summary['no_op']} no-op, {summary['blocked']} node(s) blocked"
    )
    if failed:
        msg = _with_errors(_with_remediation(msg, remediation), unexplained)
    return {
        "changed": bool(plan["changes_pending"]),
        "failed": failed,
        "msg": msg,
        "plan": dict(plan),
        "remediation": remediation,
        "exit_code": plan["exit_code"],
        "diff": diff,
    }


def _planned_after(step: Mapping[str, Any]) -> Any:
    """An `unknown` step cannot say its after-state yet; the diff says why instead of showing
    an empty change."""
    if step["action"] == "unknown":
        return f"(decided when the step runs: {step['reason']})"
    return step["after"]


def _failed_checks(plan: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    checks = [*plan["cluster_prechecks"], *(c for n in plan["nodes"] for c in n["prechecks"])]
    return [c for c in checks if c["status"] == "fail"]


def run_result(
    outcome: RunOutcome, *, cluster: str, state_dir: Path | None = None
) -> dict[str, Any]:
    document = run_document(outcome, cluster=cluster)
    changed_steps = [
        (node["node"], step)
        for node in document["nodes"]
        for step in node["steps"]
        if step["outcome"] in ("changed", "reconciled")
    ]
    remediation = [
        _remediation(r.node, r.check, r.remediation or r.observed)
        for r in outcome.precheck_results
        if r.status is Status.FAIL
    ]
    explained = {r["node"] for r in remediation}
    for node in document["nodes"]:
        # a node blocked by a pre-check has that check's remediation; its error is the same text
        own_error = [] if node["node"] in explained else [node["error"]]
        errors = [*own_error, *(s["error"] for s in node["steps"])]
        for error in filter(None, errors):
            diagnosis = diagnose(error)
            for match in diagnosis.exact:
                remediation.append(
                    _remediation(node["node"], match.signature.id, match.signature.remediation)
                )
            if not diagnosis.exact and diagnosis.families:
                # no exact signature: the error family named first says what to do
                family = diagnosis.families[0].family
                remediation.append(_remediation(node["node"], family.id, family.action))
    explained = {r["node"] for r in remediation}
    unexplained = [
        (node["node"], node["error"])
        for node in document["nodes"]
        if node["error"] and node["node"] not in explained
    ]
    failed = outcome.exit_code is not ExitCode.OK
    s = document["summary"]
    msg = (
        f"{outcome.workflow.name} on {cluster} (run {outcome.run_id}): {s['done']} done, "
        f"{s['failed']} failed, {s['needs_operator']} need an operator, "
        f"{s['not_started']} not started"
    )
    if failed:
        msg = _with_errors(_with_remediation(msg, remediation), unexplained)
        # the CLI's own default state dir is another one (.orchestrate here): name the module's
        where = f"--state-dir {state_dir} " if state_dir is not None else ""
        msg += (
            f". Journal: orchestrate {where}runs show {outcome.run_id}; after fixing the cause: "
            f"orchestrate {where}resume {outcome.run_id}"
        )
    return {
        "changed": bool(changed_steps),
        "failed": failed,
        "msg": msg,
        "run_id": outcome.run_id,
        "nodes": document["nodes"],
        "summary": s,
        "remediation": _unique(remediation),
        "exit_code": int(outcome.exit_code),
        "diff": [
            _diff_entry(node, step, step["before"], step["after"]) for node, step in changed_steps
        ],
    }


def _diff_entry(node: str, step: Mapping[str, Any], before: Any, after: Any) -> dict[str, str]:
    header = f"{node}: {step['step']}"
    return {
        "before_header": header,
        "after_header": header,
        "before": "" if before is None else f"{before}\n",
        "after": "" if after is None else f"{after}\n",
    }


def _remediation(node: str, source: str, text: str) -> dict[str, str]:
    return {"node": node, "source": source, "remediation": text}


def _unique(items: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _with_remediation(msg: str, remediation: list[dict[str, str]]) -> str:
    fixes = "; ".join(
        f"{r['node']} ({r['source']}): {r['remediation']}" for r in _unique(remediation)
    )
    return f"{msg}. Remediation: {fixes}" if fixes else msg


def _with_errors(msg: str, errors: list[tuple[str, str]]) -> str:
    """Failures neither a pre-check nor the catalog explains: at least say what happened."""
    if not errors:
        return msg
    return f"{msg}. Errors: " + "; ".join(f"{node}: {error}" for node, error in errors)
