"""Arc-first registration of an Azure Local machine: Invoke-AzStackHciArcInitialization, then the
mandatory extensions reaching Succeeded.

The cmdlet and its parameters are Microsoft's (MicrosoftDocs/azure-stack-docs
azure-local/deploy/deployment-arc-register-server-permissions.md @ e3ff2d7add25, step 3:
`Invoke-AzStackHciArcInitialization -SubscriptionID -ResourceGroup -TenantID -Region -Cloud
-ArmAccessToken -AccountID [-Proxy]`; deployment-azure-arc-gateway-configure-via-script.md:
`-ArcGatewayID` and `-ProxyBypass`). It runs the device's bootstrap ("Waiting for bootstrap to
complete... Current Status: InProgress") and is not something to call twice while one may still
be running, so the step is one-shot: its check reads `azcmagent show -j`, and only a machine
that is not connected leads to a call; a lost answer parks the node for a person
(`reapply_when_in_doubt=False`). The ARM token is the controller's, fetched for the call and
held only by the Command (rendered `***`): it is never journaled, planned or logged, and no file
holding it is written on the node.
"""

from __future__ import annotations

import logging
from typing import Any

import attrs
from tenacity import Retrying, retry_if_result, stop_after_attempt, wait_fixed

from orchestrator.catalog import redact
from orchestrator.checks.azure_local import arc_group, mandatory_extensions
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import AzureError, OrchestratorError
from orchestrator.facts.hci import read_arc_agent
from orchestrator.steps.one_shot import await_earlier_calls, run_one_shot
from orchestrator.transport.base import Command, ParamValue

log = logging.getLogger(__name__)

CMDLET = "Invoke-AzStackHciArcInitialization"


class ArcInitializationFailed(OrchestratorError):
    """The cmdlet reported a failure (its error record, with the bootstrap's last lines)."""


class ExtensionFailed(OrchestratorError):
    """A mandatory extension ended Failed, or did not reach Succeeded within the bound."""


def _target(ctx: StepContext) -> tuple[str, str, str, str, str]:
    inventory = ctx.run.inventory
    assert inventory is not None
    azure = inventory.require_azure()
    return azure.subscription_id, arc_group(inventory), azure.tenant_id, azure.region, azure.cloud


def initialization_command(ctx: StepContext) -> Command:
    """The documented parameters, structurally; the token is fetched here and lives only in the
    returned Command (its render() masks -ArmAccessToken)."""
    subscription, group, tenant, region, cloud = _target(ctx)
    inventory = ctx.run.inventory
    assert inventory is not None
    token, account = ctx.run.azure().access_token()
    parameters: dict[str, ParamValue] = {
        "SubscriptionID": subscription,
        "ResourceGroup": group,
        "TenantID": tenant,
        "Region": region,
        "Cloud": cloud,
        "ArmAccessToken": token,
        "AccountID": account,
    }
    if inventory.cluster.https_proxy:
        parameters["Proxy"] = inventory.cluster.https_proxy
    bypass = ctx.option("proxy_bypass")
    if bypass:
        parameters["ProxyBypass"] = str(bypass)
    gateway = ctx.option("arc_gateway_id")
    if gateway:
        parameters["ArcGatewayID"] = str(gateway)
    return Command.cmdlet(CMDLET, **parameters)


@attrs.frozen
class InitializeArc:
    """This machine is registered with Azure Arc in the inventory's subscription and group."""

    id: str = "arc_initialization"
    version: int = 1
    title: str = "machine registered with Azure Arc (Invoke-AzStackHciArcInitialization)"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted initialization may still run on the machine (it registers the agent
        and starts the extensions, minutes): wait for it before re-checking (steps/one_shot.py)."""
        return await_earlier_calls(ctx)

    def check(self, ctx: StepContext) -> Change:
        subscription, group, _tenant, _region, _cloud = _target(ctx)
        agent = read_arc_agent(ctx.session)
        wanted = f"{subscription}/{group}/{ctx.node}"
        if agent.connected:
            seen = f"{agent.subscription_id}/{agent.resource_group}/{agent.resource_name}"
            if seen.lower() == wanted.lower():
                return Change.no_op("registered with Azure Arc here", current=agent.resource_id)
            raise NeedsOperator(
                f"{ctx.node} is registered with Azure Arc as {agent.resource_id}; undoing that "
                "means reinstalling the operating system (Microsoft), so nothing is changed"
            )
        return Change.change(f"agent {agent.status}", wanted, "not registered with Azure Arc")

    def apply(self, ctx: StepContext, change: Change) -> None:
        result = run_one_shot(ctx, initialization_command(ctx))
        lines = [str(line) for line in result.output if str(line).strip()]
        for line in lines:
            log.info("%s: %s", ctx.node, redact(line))
        if result.errors:
            first = result.errors[0]
            tail = "; ".join(redact(line) for line in lines[-3:])
            raise ArcInitializationFailed(
                f"{ctx.node}: {CMDLET}: {redact(first.message)}"
                + (f" (last output: {tail})" if tail else "")
            )


def extension_states(ctx: StepContext) -> dict[str, tuple[str, str]]:
    """Mandatory extension -> (provisioningState, status message) as ARM lists them; an absent
    machine or extension shows as "absent"."""
    inventory = ctx.run.inventory
    assert inventory is not None
    try:
        listed = ctx.run.azure().arc_machine_extensions(arc_group(inventory), ctx.node)
    except AzureError as error:
        if error.status == 404:
            listed = []
        else:
            raise
    by_name: dict[str, dict[str, Any]] = {str(e.get("name", "")).lower(): e for e in listed}
    states = {}
    for name in mandatory_extensions():
        found = by_name.get(name.lower())
        if found is None:
            states[name] = ("absent", "")
            continue
        properties = found.get("properties") or {}
        view = (properties.get("instanceView") or {}).get("status") or {}
        states[name] = (
            str(properties.get("provisioningState", "Unknown")),
            str(view.get("message") or ""),
        )
    return states


def _summary(states: dict[str, tuple[str, str]]) -> str:
    done = sum(1 for state, _ in states.values() if state == "Succeeded")
    rest = ", ".join(f"{n} {s}" for n, (s, _) in states.items() if s != "Succeeded")
    return f"{done}/{len(states)} Succeeded" + (f" ({rest})" if rest else "")


def _raise_on_failure(node: str, states: dict[str, tuple[str, str]]) -> None:
    failed = {n: m for n, (s, m) in states.items() if s == "Failed"}
    if failed:
        detail = "; ".join(f"{n}: {redact(m) or 'Failed'}" for n, m in failed.items())
        raise ExtensionFailed(
            f"{node}: mandatory extension failed: {detail}. Look at the extension on the machine "
            "in the Azure portal (Extensions) and at C:\\MASLogs on the node; Azure Local cannot "
            "be deployed until every mandatory extension is Succeeded"
        )


@attrs.frozen
class MandatoryExtensionsSucceeded:
    """Every mandatory Azure Local extension on this machine is Succeeded (polled with a bound)."""

    id: str = "mandatory_extensions"
    version: int = 1
    title: str = "mandatory Azure Local extensions Succeeded"
    poll_s: float = 30.0
    bound_s: float = 45 * 60.0  # lab choice: the page says only "takes a few minutes"

    def check(self, ctx: StepContext) -> Change:
        states = extension_states(ctx)
        _raise_on_failure(ctx.node, states)
        summary = _summary(states)
        if all(state == "Succeeded" for state, _ in states.values()):
            return Change.no_op(summary, current=summary)
        return Change.change(
            summary, f"{len(states)}/{len(states)} Succeeded", "extensions installing"
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        def poll() -> bool:
            states = extension_states(ctx)
            _raise_on_failure(ctx.node, states)
            log.info("%s: mandatory extensions: %s", ctx.node, _summary(states))
            return all(state == "Succeeded" for state, _ in states.values())

        attempts = max(1, int(self.bound_s // self.poll_s) + 1)
        retrying = Retrying(
            retry=retry_if_result(lambda done: not done),
            stop=stop_after_attempt(attempts),
            wait=wait_fixed(self.poll_s),
            sleep=ctx.run.sleep,
            retry_error_callback=lambda _state: False,
        )
        if not retrying(poll):
            raise ExtensionFailed(
                f"{ctx.node}: mandatory extensions not Succeeded after {int(self.bound_s // 60)} "
                f"minutes: {_summary(extension_states(ctx))}; check them in the Azure portal, "
                "then resume the run"
            )
