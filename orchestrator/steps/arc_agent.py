"""Connect and disconnect a server's Azure Connected Machine agent (azcmagent), idempotently.

State is read with `azcmagent show -j` (facts §2.1) and, when the agent says it is connected,
the machine resource in Azure, so a resource deleted behind the agent's back (SCENARIOS.md D1)
is seen. Failures are explained through the failure catalog: each AZCM code and message the
agent prints (seeds/002) becomes one precise line naming the cause, the endpoint and the fix.

Secrets: the service principal secret is read from an environment variable on the controller
at apply time (never a run option, so never journaled or in a plan) and handed to azcmagent in
a `--config` file (facts §2.1: keys are the flag names without dashes) written with
`Set-Content` into the agent's own data folder and removed with `Remove-Item` right after the
command. Why a file rather than `--service-principal-secret`: a command line is visible to
every process on the node (process listings, command-line auditing events) for the life of the
command; the file's content only travels inside the encrypted remoting session.
"""

from __future__ import annotations

import json
import os
import uuid
import weakref
from collections.abc import Mapping
from typing import Any

import attrs

from orchestrator import echo
from orchestrator.azure import names
from orchestrator.catalog import Match, classify, redact
from orchestrator.catalog.models import Family
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import InputError, RemoteCommandError
from orchestrator.facts import ArcAgent, read_arc_agent, run_checked
from orchestrator.inventory.models import AzureTarget
from orchestrator.steps.one_shot import await_earlier_calls, run_one_shot
from orchestrator.steps.verb_constants import DEFAULT_SECRET_ENV
from orchestrator.transport.base import Command, CommandResult, NodeSession

# The agent's data folder (facts §2.1: config and logs live under it on Windows).
CONFIG_DIR = "C:\\ProgramData\\AzureConnectedMachineAgent\\Config"
CONFIG_PREFIX = "orchestrate-azcmagent-"

# Catalog entries for a himds that is stopped or not answering (seeds/002 AZCM0061/0064;
# facts §2.2 AZCM0070): starting or restarting the service is the fix.
HIMDS_SIGNATURES = frozenset(
    {
        "azcm0061-agent-service-unreachable",
        "azcm0064-agent-not-responding",
        "azcm0070-himds-not-responding",
    }
)


class AgentCommandError(RemoteCommandError):
    """azcmagent failed. `message` keeps the agent's own lines (what the catalog classifies,
    so retry decisions see the real codes); the text shown to people is the explanation."""

    def __init__(self, node: str, action: str, result: CommandResult) -> None:
        lines = [redact(str(line)) for line in result.output if str(line).strip()]
        raw = "\n".join(lines) or f"exit code {result.exit_code}"
        super().__init__(node, f"azcmagent {action}", raw, exit_code=result.exit_code)
        self.matches = classify(result)
        Exception.__init__(self, explain(node, f"azcmagent {action}", raw, self.matches))

    def signature_ids(self) -> set[str]:
        return {m.signature.id for m in self.matches}


def _specific_first(matches: list[Match]) -> list[Match]:
    """Messages (which name the endpoint or the action) before the generic AZCM code."""
    decisive = [m for m in matches if m.signature.decides_retry]
    return sorted(decisive, key=lambda m: m.signature.family is Family.ARC_AGENT_CODE)


def explain(node: str, action: str, raw: str, matches: list[Match]) -> str:
    """One line: what failed, every recognised cause with what it named, and the fix."""
    ordered = _specific_first(matches)
    if not ordered:
        last = raw.splitlines()[-1] if raw else ""
        return f"{node}: {action} failed: {last} (not in the failure catalog; see azcmagent.log)"
    causes = []
    for match in ordered:
        details = match.details()
        named = ", ".join(
            f"{key} {'/'.join(values)}"
            for key, values in details.items()
            if key in ("endpoint", "namespace", "action", "address")
        )
        retry = "retryable" if match.signature.retryable else "not retryable"
        causes.append(
            f"{match.signature.title} [{match.signature.failure_class.value}, {retry}]"
            + (f" ({named})" if named else "")
        )
    fix = ordered[0].signature.remediation.strip().replace("\n", " ")
    command = ordered[0].command() or ""
    # Catalog commands name HCI flows too (repair, ...); only these concern a server's agent.
    then = (
        f" Then: {command}" if command.split()[1:2] in (["collect-logs"], ["arc-onboard"]) else ""
    )
    return f"{node}: {action} failed: {'; '.join(causes)}. Fix: {fix}{then}"


@attrs.frozen
class ArcTarget:
    """Where a server's Arc resource goes: the inventory's Azure section plus the run options."""

    subscription_id: str
    tenant_id: str
    resource_group: str
    location: str
    cloud: str
    resource_name: str
    tags: str | None = None
    correlation_id: str | None = None

    @classmethod
    def of(cls, ctx: StepContext) -> ArcTarget:
        inventory = ctx.run.inventory
        azure: AzureTarget | None = inventory.azure if inventory else None
        if azure is None:
            raise InputError("azure", "add the azure section (subscription, tenant, region, ...)")
        template = str(ctx.option("resource_name", "{node}") or "{node}")
        tags = ctx.option("tags")
        correlation = ctx.option("correlation_id")
        return cls(
            subscription_id=azure.subscription_id,
            tenant_id=azure.tenant_id,
            resource_group=azure.arc_resource_group or azure.resource_group,
            location=azure.region,
            cloud=azure.cloud,
            resource_name=template.replace("{node}", ctx.node),
            tags=str(tags) if tags else None,
            correlation_id=str(correlation) if correlation else None,
        )

    @property
    def short(self) -> str:
        return f"{self.resource_group}/{self.resource_name}"

    @property
    def resource_id(self) -> str:
        return (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{self.resource_group}"
            f"/providers/Microsoft.HybridCompute/machines/{self.resource_name}"
        )

    def differences(self, agent: ArcAgent) -> list[str]:
        """How the agent's current connection differs from this target (empty: same)."""
        pairs = (
            ("subscription", agent.subscription_id, self.subscription_id),
            ("resource group", agent.resource_group, self.resource_group),
            ("resource name", agent.resource_name, self.resource_name),
            ("tenant", agent.tenant_id, self.tenant_id),
        )
        return [
            f"{label} {have!r} (requested {want!r})"
            for label, have, want in pairs
            if have is not None and have.lower() != want.lower()
        ]


def service_principal_secret(ctx: StepContext) -> str:
    """The secret, from the environment variable the run names (never from run options)."""
    name = str(ctx.option("secret_env", DEFAULT_SECRET_ENV) or DEFAULT_SECRET_ENV)
    value = os.environ.get(name)
    if not value:
        raise InputError(
            "--secret-env",
            f"{echo.variable(name, DEFAULT_SECRET_ENV)} is not set; export the service "
            "principal secret in it",
        )
    return value


# Per node session (the engine's: one per node per run): True while no config file of ours
# can be on the node, as far as this session has seen. A sweep that listed the folder and
# removed everything it found makes it True; a write makes it False until its Remove-Item is
# confirmed. A later sweep on a session known clean has nothing to look for: the end-of-work
# sweep after a connect whose file was removed costs no listing (issue 16: no repeated reads).
# A new session (a resume, a reopened one) knows nothing and lists.
_known_clean: weakref.WeakKeyDictionary[NodeSession, bool] = weakref.WeakKeyDictionary()


def run_agent(ctx: StepContext, action: str, settings: Mapping[str, Any]) -> CommandResult:
    """`azcmagent <action> --config <file>`: the settings (secrets included) go in a file on
    the node that exists only while the command runs. The file is written inside the guard
    that removes it: a write whose answer is lost (the file may exist) is removed too. What a
    killed controller leaves is removed by `SweepAgentConfigFiles` at the next run or resume."""
    path = f"{CONFIG_DIR}\\{CONFIG_PREFIX}{uuid.uuid4().hex}.json"
    clean_before = _known_clean.get(ctx.session, False)
    _known_clean[ctx.session] = False
    try:
        written = ctx.session.run(
            Command.secret_cmdlet("Set-Content", Path=path, Value=json.dumps(dict(settings)))
        )
        if written.failed:
            # Never render this command: its value holds the secret.
            reason = written.errors[0].message if written.errors else f"exit {written.exit_code}"
            raise RemoteCommandError(ctx.node, f"Set-Content -Path {path}", reason)
        # The call's marker goes beside the config file: Set-Content has just written into
        # CONFIG_DIR, so it exists ("If the Test1 directory does not exist, the command fails",
        # MicrosoftDocs/PowerShell-Docs reference/5.1/Microsoft.PowerShell.Management/
        # Set-Content.md @046007b5, example 2), and one_shot's New-Item of its own folder is
        # not needed (one remote call less per server). Markers are `*.clixml`, never
        # matched by the sweep's `orchestrate-azcmagent-*.json`.
        return run_one_shot(
            ctx, Command.tool("azcmagent", action, "--config", path), folder=CONFIG_DIR
        )
    finally:
        _remove_config(ctx, path)  # raises unless the file is gone
        _known_clean[ctx.session] = clean_before


def _remove_config(ctx: StepContext, path: str) -> None:
    removed = ctx.session.run(Command.cmdlet("Remove-Item", Path=path))
    if removed.failed and not _not_found(removed):
        raise RemoteCommandError(
            ctx.node,
            f"Remove-Item -Path {path}",
            "the azcmagent config file (it holds a secret) could not be removed; delete it by hand",
        )


def _not_found(result: CommandResult) -> bool:
    """Remove-Item's PathNotFound: the file is not there (the write never landed)."""
    return all(
        (e.fully_qualified_error_id or "").startswith("PathNotFound") for e in result.errors
    ) and bool(result.errors)


def _machine_exists(ctx: StepContext, agent: ArcAgent) -> bool:
    if not agent.resource_group or not agent.resource_name:
        return False
    # what the node reports goes into an ARM path only when it is a valid name (17.11)
    source = f"azcmagent show -j on {ctx.node}"
    group = names.checked("resource group", agent.resource_group, source=source)
    machine = names.checked("Arc machine", agent.resource_name, source=source)
    return ctx.run.azure().arc_machine(group, machine) is not None


def _in_other_subscription(agent: ArcAgent, target: ArcTarget) -> bool:
    return (agent.subscription_id or "").lower() != target.subscription_id.lower()


@attrs.frozen
class ConnectArcAgent:
    """`azcmagent connect` with a service principal, unless already connected to the target."""

    id: str = "arc_connect"
    # 2: the call's marker is in CONFIG_DIR (run_agent); a run of version 1 interrupted
    # mid-call left it in one_shot's folder, so resuming one is refused (fingerprint)
    version: int = 2
    title: str = "Arc agent connected to the requested subscription and resource group"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted `azcmagent` call may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx, folder=CONFIG_DIR)

    def check(self, ctx: StepContext) -> Change:
        target = ArcTarget.of(ctx)
        agent = read_arc_agent(ctx.session)
        if agent.status.lower() == "disconnected":
            return Change.change(
                "disconnected", target.short, "azcmagent connect (service principal)"
            )
        different = target.differences(agent)
        if different:
            raise NeedsOperator(
                f"{ctx.node}: the Arc agent ({agent.status}) belongs to "
                f"{agent.resource_id or 'another target'}: {', '.join(different)}. Nothing was "
                "changed. If that connection is stale, disconnect it first: `orchestrate "
                "arc-offboard` with an inventory naming its current subscription and resource "
                "group (or `azcmagent disconnect` on the node), then run arc-onboard again"
            )
        if agent.status.lower() == "expired":
            raise NeedsOperator(
                f"{ctx.node}: the Arc agent's identity for {agent.resource_id} has expired; it "
                "cannot reconnect by itself. Delete that machine resource in Azure, run "
                "`azcmagent disconnect --force-local-only` on the node, then run arc-onboard again"
            )
        if not _machine_exists(ctx, agent):
            return Change.change(
                f"{target.short} (resource missing in Azure)",
                target.short,
                "the machine resource was deleted: azcmagent disconnect --force-local-only, "
                "then connect",
            )
        return Change.no_op("already connected to the requested target", current=target.short)

    def apply(self, ctx: StepContext, change: Change) -> None:
        # `change` is what check() decided in this same attempt, just before, on what the node
        # said then (engine/runner.py `_step_attempts`: apply follows its check, nothing run in
        # between; a plan's change is never applied): a connection that became good or foreign
        # since a plan was refused or left alone there. The agent it read is that same answer,
        # remembered by the node's session (transport/remembering.py): no second call.
        target = ArcTarget.of(ctx)
        agent = read_arc_agent(ctx.session)
        if agent.connected:
            # D1: the resource is gone, so a normal disconnect would fail with AZCM0043.
            local = ctx.session.run(Command.tool("azcmagent", "disconnect", "--force-local-only"))
            if local.failed:
                raise AgentCommandError(ctx.node, "disconnect --force-local-only", local)
        principal = ctx.option("service_principal_id")
        if not principal:
            raise InputError("--service-principal-id", "give the onboarding service principal")
        settings: dict[str, Any] = {
            "service-principal-id": str(principal),
            "service-principal-secret": service_principal_secret(ctx),
            "tenant-id": target.tenant_id,
            "subscription-id": target.subscription_id,
            "resource-group": target.resource_group,
            "location": target.location,
            "cloud": target.cloud,
            "resource-name": target.resource_name,
        }
        if target.tags:
            settings["tags"] = target.tags
        if target.correlation_id:
            settings["correlation-id"] = target.correlation_id
        result = run_agent(ctx, "connect", settings)
        if result.failed:
            raise AgentCommandError(ctx.node, "connect", result)


@attrs.frozen
class DisconnectArcAgent:
    """`azcmagent disconnect`, deleting the machine resource; `--force-local-only` only when
    the resource is already gone (seeds/002 AZCM0043)."""

    id: str = "arc_disconnect"
    version: int = 2  # as ConnectArcAgent's: the call's marker moved to CONFIG_DIR
    title: str = "Arc agent disconnected and its machine resource deleted"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted `azcmagent` call may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx, folder=CONFIG_DIR)

    def check(self, ctx: StepContext) -> Change:
        target = ArcTarget.of(ctx)
        agent = read_arc_agent(ctx.session)
        if agent.status.lower() == "disconnected":
            return Change.no_op("not connected", current="disconnected")
        if _in_other_subscription(agent, target) or (
            (agent.resource_group or "").lower() != target.resource_group.lower()
        ):
            # Same guard as unregister's (B1): never act on a target the request did not name.
            raise NeedsOperator(
                f"{ctx.node}: the Arc agent is connected to {agent.resource_id}, not to "
                f"subscription {target.subscription_id} resource group {target.resource_group} "
                "that this inventory names; nothing was changed. Use an inventory naming its "
                "real subscription and resource group"
            )
        how = "resource gone: local only" if not _machine_exists(ctx, agent) else "delete resource"
        current = f"{agent.resource_group}/{agent.resource_name}"
        return Change.change(current, "disconnected", f"azcmagent disconnect ({how})")

    def apply(self, ctx: StepContext, change: Change) -> None:
        agent = read_arc_agent(ctx.session)
        if not _machine_exists(ctx, agent):
            result = ctx.session.run(Command.tool("azcmagent", "disconnect", "--force-local-only"))
            if result.failed:
                raise AgentCommandError(ctx.node, "disconnect --force-local-only", result)
            return
        principal = ctx.option("service_principal_id")
        if principal:
            settings = {
                "service-principal-id": str(principal),
                "service-principal-secret": service_principal_secret(ctx),
            }
        else:
            token, _account = ctx.run.azure().access_token()  # the operator's own ARM token
            settings = {"access-token": token}
        result = run_agent(ctx, "disconnect", settings)
        if result.failed:
            error = AgentCommandError(ctx.node, "disconnect", result)
            if "azcm0043-delete-failed" in error.signature_ids() and not _machine_exists(
                ctx, agent
            ):
                # Deleted meanwhile: what is left to undo is local.
                local = ctx.session.run(
                    Command.tool("azcmagent", "disconnect", "--force-local-only")
                )
                if not local.failed:
                    return
            raise error


@attrs.frozen
class SweepAgentConfigFiles:
    """Every azcmagent config file of ours on the node (`orchestrate-azcmagent-*.json` in the
    agent's Config folder; they may hold the service principal's secret), removed. A workflow
    sweep: the engine runs it at the start and the end of each node's work in every run and
    resume (issue 17: a resume used to skip the cleanup step that had run once, and a
    killed run left the secret in clear on the node). On the node's session of this run, once
    a sweep has listed and removed everything and every file written since was removed
    (confirmed), nothing of ours can be there: the sweep at the end of the node's work then
    needs no listing (issue 16: one remote call less per server)."""

    id: str = "azcmagent_config_files"

    def _leftovers(self, ctx: StepContext) -> list[str]:
        result = ctx.session.run(
            Command.cmdlet("Get-ChildItem", Path=CONFIG_DIR, Filter=f"{CONFIG_PREFIX}*.json")
        )
        if result.failed:
            return []  # no folder: nothing left behind
        return [str(item["FullName"]) for item in result.output if isinstance(item, dict)]

    def nothing_left(self, session: NodeSession) -> bool:
        return _known_clean.get(session, False)

    def sweep(self, ctx: StepContext) -> list[str]:
        if self.nothing_left(ctx.session):
            return []
        found = self._leftovers(ctx)
        for path in found:
            _remove_config(ctx, path)
        _known_clean[ctx.session] = True
        return found


@attrs.frozen
class StartAgentService:
    """Remediation for AZCM0061/0064/0070: start himds (restart it when it runs but does not
    answer), then the step is tried again."""

    id: str = "restart_himds"

    def matches(self, error: BaseException) -> bool:
        return bool({m.signature.id for m in classify(error)} & HIMDS_SIGNATURES)

    def apply(self, ctx: StepContext) -> None:
        service = run_checked(ctx.session, Command.cmdlet("Get-Service", Name="himds")).first
        running = isinstance(service, dict) and service.get("Status") == "Running"
        verb = "Restart-Service" if running else "Start-Service"
        run_checked(ctx.session, Command.cmdlet(verb, Name="himds"))
