"""Register-AzStackHCI as cluster steps: register, verify Arc per node, repair.

The cmdlet is not idempotent in the engine's sense (a second call after a landed registration
re-runs its Arc part, and a repair replaces every certificate), so these steps are declared
`idempotent=False` and guarded by their postcondition: `check` reads what the cluster reports
(Get-AzureStackHCI, Get-AzureStackHCIArcIntegration) and only a missing effect leads to a call.
The outcome is decided from all the evidence (steps/module_outcome.py): the formatted
`Result` (`Write-Output $registrationOutput | Format-List`, stackhci.ps1 @06618c80): `Success`;
`RegisterSucceededButArcFailed` (the registration landed, Arc did not); `PendingForAdminConsent`
(A10: a person must consent, the node parks and a re-run resumes); `Failed` / `ArcFailed` or
nothing at all (the module's catch swallowed the error). The host error lines, the error
stream and this attempt's ERROR lines in the RegisterHCI log say why; then the postcondition
(Get-AzureStackHCI, Get-AzureStackHCIArcIntegration) must agree, or the step fails naming both.
"""

from __future__ import annotations

import logging

import attrs

from orchestrator.azure.hci_target import HciTarget
from orchestrator.catalog import classify, redact
from orchestrator.checks.status import ARC_PROJECTION_GRACE
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import AzureError, OrchestratorError
from orchestrator.facts.hci import read_arc_integration, read_registration
from orchestrator.facts.registration_log import last_attempt_lines
from orchestrator.steps.module_outcome import SUCCESS, ModuleOutcome, condensed
from orchestrator.steps.one_shot import await_earlier_calls, run_one_shot
from orchestrator.timestamps import maybe_utc
from orchestrator.transport.base import Command, CommandResult, ParamValue

log = logging.getLogger(__name__)


class RegistrationFailed(OrchestratorError):
    """Register-AzStackHCI threw or reported a failure. `evidence` holds the lines of its log
    that the catalog recognises, so the report (and remediations) can name the cause."""

    def __init__(
        self, message: str, evidence: tuple[str, ...] = (), *, show_evidence: bool = True
    ) -> None:
        self.message = message
        self.evidence = evidence
        shown = [line for line in evidence if line not in message] if show_evidence else []
        causes = "; ".join(shown)
        super().__init__(f"{message}" + (f" [log: {causes}]" if causes else ""))


def target_of(ctx: StepContext) -> HciTarget:
    inventory = ctx.run.inventory
    assert inventory is not None
    return HciTarget.of(inventory)


# What a plan shows for the values only known when the step runs.
PLANNED_TOKEN = "***"  # noqa: S105 (a placeholder: render() masks it anyway)
PLANNED_ACCOUNT = "(the signed-in account)"


def register_command(ctx: StepContext, *, repair: bool = False, planned: bool = False) -> Command:
    """The cmdlet call with the inventory's coordinates and an ARM token from the controller.
    The token is a secret: Command.render() masks it and it is never logged. -Region is always
    given (module 1.4.x asked to confirm a default region without it) and -Confirm:$false is
    added by Command.cmdlet (ConfirmImpact High; also answers the 2.6.0 OS-upgrade prompt).
    `planned`: the call as a plan shows it, without asking Azure for a token."""
    target = target_of(ctx)
    inventory = ctx.run.inventory
    assert inventory is not None
    assert inventory.azure is not None
    if planned:
        token, account = PLANNED_TOKEN, PLANNED_ACCOUNT
    else:
        token, account = ctx.run.azure().access_token()
    parameters: dict[str, ParamValue] = {
        "SubscriptionId": target.subscription_id,
        "Region": target.region,
        "TenantId": target.tenant_id,
        "ResourceGroupName": target.resource_group,
    }
    if inventory.azure.resource_name:
        parameters["ResourceName"] = inventory.azure.resource_name
    if target.explicit_arc_group:
        parameters["ArcServerResourceGroupName"] = target.arc_resource_group
    parameters.update(EnvironmentName=target.cloud, ArmAccessToken=token, AccountId=account)
    if repair:
        parameters["RepairRegistration"] = True
    return Command.cmdlet("Register-AzStackHCI", **parameters)


def _attempt_log(ctx: StepContext) -> tuple[list[str], tuple[str, ...]]:
    """This attempt's RegisterHCI log: its ERROR lines, and the whole lines the catalog
    recognises (redacted)."""
    lines = last_attempt_lines(ctx.session)
    errors = [line.split(" , ", 2)[-1] for line in lines if " , ERROR , " in line]
    numbers = sorted(
        {
            e.line_number
            for match in classify("\n".join(lines))
            for e in match.evidence
            if e.line_number
        }
    )
    return errors, tuple(redact(lines[n - 1].split(" , ", 2)[-1]) for n in numbers)


def _evidence(ctx: StepContext) -> tuple[str, ...]:
    """The whole lines of the attempt's RegisterHCI log that the catalog recognises (redacted)."""
    return _attempt_log(ctx)[1]


def failure(ctx: StepContext, outcome: ModuleOutcome) -> RegistrationFailed:
    """RegistrationFailed naming what the cmdlet said, why (host lines, errors, log), and the
    catalog's diagnosis."""
    log_errors, recognised = _attempt_log(ctx)
    full = attrs.evolve(outcome, log_errors=tuple(redact(line) for line in log_errors))
    # describe() already shows the evidence, condensed; the full lines stay for the retry rules
    return RegistrationFailed(full.describe(), (*full.evidence(), *recognised), show_evidence=False)


def run_register(ctx: StepContext, *, repair: bool = False) -> ModuleOutcome:
    """Call the cmdlet on the entry node and read what it said. A failure (no Result, Failed,
    ArcFailed, an error record) becomes RegistrationFailed; a pending admin consent becomes
    NeedsOperator (A10); an unexpected prompt fails the step (UnexpectedPrompt, transport)."""
    result: CommandResult = run_one_shot(ctx, register_command(ctx, repair=repair))
    for warning in result.warnings:
        log.warning("%s: Register-AzStackHCI: %s", ctx.node, warning)
    outcome = ModuleOutcome.of("Register-AzStackHCI", result)
    if outcome.result == "PendingForAdminConsent":
        raise NeedsOperator(
            f"registration needs admin consent for application {outcome.fields.get('AppId')}: an "
            f"Entra ID administrator grants it at {outcome.fields.get('PortalAADAppPermissionsURL')} "
            "(API permissions > Grant admin consent); then run `orchestrate register` again, it "
            "continues where it stopped"
        )
    if outcome.errors or outcome.result not in (SUCCESS, "RegisterSucceededButArcFailed"):
        raise failure(ctx, outcome)
    for line in outcome.host_errors:
        log.warning("%s: Register-AzStackHCI wrote: %s", ctx.node, line)
    return outcome


def contradicted(outcome: ModuleOutcome, postcondition: str) -> RegistrationFailed:
    """A reported success the cluster itself does not show: a failure naming both."""
    said = f"{outcome.cmdlet} reported Result {outcome.result}"
    lines = outcome.evidence()
    why = f"; it wrote: {'; '.join(condensed(lines))}" if lines else ""
    return RegistrationFailed(f"{said}, but {postcondition}{why}", lines, show_evidence=False)


@attrs.frozen
class EnsureRegistered:
    """The cluster is registered as the inventory's resource (Get-AzureStackHCI)."""

    id: str = "registration"
    version: int = 1
    title: str = "cluster registered in Azure"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted Register-AzStackHCI may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx)

    def check(self, ctx: StepContext) -> Change:
        target = target_of(ctx)
        registration = read_registration(ctx.session)
        if registration.registered:
            differences = target.differences(registration)
            if differences:
                raise NeedsOperator(
                    f"the cluster is registered elsewhere ({'; '.join(differences)}); "
                    "put the recorded values in the inventory or unregister first"
                )
            return Change.no_op("already registered here", current=registration.resource_uri)
        return Change.change(
            registration.status,
            target.cluster_id,
            f"not registered; runs {register_command(ctx, planned=True).render()}",
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        outcome = run_register(ctx)
        registration = read_registration(ctx.session)
        if not registration.registered:
            raise contradicted(
                outcome,
                f"Get-AzureStackHCI on {ctx.node} says RegistrationStatus "
                f"{registration.status} (AzureResourceUri {registration.resource_uri or 'empty'})",
            )
        if outcome.result == "RegisterSucceededButArcFailed":
            # The registration landed; Arc per node is the next step's business.
            log.warning(
                "%s: registered, Arc integration failed (%s): %s",
                ctx.node,
                outcome.fields.get("ErrorDetail"),
                "; ".join(outcome.host_errors) or "no host line",
            )


def _not_enabled(ctx: StepContext) -> tuple[str, list[str]]:
    inventory = ctx.run.inventory
    assert inventory is not None
    arc = read_arc_integration(ctx.session)
    missing = [
        f"{n.name}: {arc.node_status(n.name) or 'absent'}"
        for n in inventory.cluster.nodes
        if arc.node_status(n.name) != "Enabled"
    ]
    return arc.cluster_status, missing


def portal_not_installed(ctx: StepContext) -> list[str]:
    """Nodes the cluster's arcSettings (the portal's view) does not show as Connected."""
    target = target_of(ctx)
    settings = ctx.run.azure().arc_settings(target.resource_group, target.resource_name) or {}
    details = (settings.get("properties") or {}).get("perNodeDetails") or []
    return [str(d.get("name")) for d in details if d.get("state") != "Connected"]


@attrs.frozen
class EnsureArcIntegration:
    """Every node is Arc-enabled (Get-AzureStackHCIArcIntegration NodesArcStatus). When one is
    not, Register-AzStackHCI is run again: on a registered cluster it redoes only the Arc part
    (facts §1.2 step 19). A node Enabled but still "Not Installed" in the portal is C5: reported
    with the time to look again, not a failure."""

    id: str = "arc_integration"
    version: int = 1
    title: str = "Arc enabled on every node"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted Register-AzStackHCI may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx)

    def check(self, ctx: StepContext) -> Change:
        cluster_status, missing = _not_enabled(ctx)
        if cluster_status != "Enabled" or missing:
            before = f"cluster {cluster_status}" + (f"; {', '.join(missing)}" if missing else "")
            return Change.change(
                before,
                "Enabled on every node",
                "Arc not enabled everywhere; runs " + register_command(ctx, planned=True).render(),
            )
        pending = portal_not_installed(ctx)
        if pending:
            # counted from the registration, so the same state always reads the same (plans)
            registered_at = read_registration(ctx.session).registration_date
            start = maybe_utc(registered_at)
            when = ((start or ctx.controller_clock()) + ARC_PROJECTION_GRACE).strftime(
                "%Y-%m-%d %H:%M UTC"
            )
            note = (
                f"Enabled on every node; the portal still shows Not Installed for "
                f"{', '.join(pending)}: this can take up to 12 hours, re-check with "
                f"`orchestrate status` after {when}"
            )
            log.warning("%s: %s", ctx.node, note)
            return Change.no_op("Arc enabled; portal projection pending", current=note)
        return Change.no_op("Arc enabled and Connected on every node", current="Enabled")

    def apply(self, ctx: StepContext, change: Change) -> None:
        outcome = run_register(ctx)
        if outcome.result != SUCCESS:
            raise failure(ctx, outcome)
        cluster_status, missing = _not_enabled(ctx)
        if cluster_status != "Enabled" or missing:
            raise contradicted(
                outcome,
                f"Get-AzureStackHCIArcIntegration says ClusterArcStatus {cluster_status}"
                + (f", not Enabled on {', '.join(missing)}" if missing else ""),
            )


@attrs.frozen
class RetryAfterTransientTokenFetch:
    """A4: hcisvc gave up on a transient token-service error ("ExecuteWithRetry operation
    AADTokenFetch failed after all retries" with RFC 6749's `temporarily_unavailable`, seeds/000).
    The same registration is expected to succeed a little later: wait, then the engine re-checks
    the step and calls the cmdlet again. A permanent cause (an AADSTS code such as 700027 or
    80013, a missing app) never matches."""

    wait_s: float = 60.0
    id: str = "retry_after_transient_token_fetch"

    def matches(self, error: BaseException) -> bool:
        if not isinstance(error, RegistrationFailed):
            return False
        text = " ".join(error.evidence).lower()
        return "failed after all retries" in text and "temporarily_unavailable" in text

    def apply(self, ctx: StepContext) -> None:
        ctx.run.sleep(self.wait_s)  # the lab's virtual clock, or real time


def missing_cluster_app(ctx: StepContext, target: HciTarget) -> str | None:
    """C1: the `<cluster>` app the cluster resource records (`aadClientId`, set by the RP's
    createClusterIdentity since Az.StackHCI 1.2.0) is gone. A resource without aadClientId was
    registered with the cluster's managed identity (Az.StackHCI 2.6.3, ChangeLog: "Cluster
    Registration to use Managed Service Identity instead of AAD App"): no app to miss."""
    plane = ctx.run.azure()
    resource = plane.hci_cluster(target.resource_group, target.resource_name) or {}
    app_id = str((resource.get("properties") or {}).get("aadClientId") or "")
    if not app_id:
        return None
    if any(str(a.get("appId")) == app_id for a in plane.applications(target.resource_name)):
        return None
    return f"app registration {target.resource_name} ({app_id}) missing"


def manual_steps_for_594(nodes: list[str], cluster_nodes: list[str]) -> str:
    """seeds/000 event 594: what a person does, for the whole cluster or for single nodes."""
    if sorted(n.lower() for n in nodes) == sorted(n.lower() for n in cluster_nodes):
        return (
            "event 594 on every node (the whole cluster is OutOfPolicy): unregister the cluster "
            "(`orchestrate unregister`), restart every node, then register it again "
            "(`orchestrate register`)"
        )
    listed = ", ".join(nodes)
    return (
        f"event 594 on {listed} only: remove {listed} from the cluster (Remove-ClusterNode), "
        "restart it, wait for the repair to complete (event 592, then InPolicy), then rejoin it "
        "(Add-ClusterNode)"
    )


@attrs.frozen
class RepairRegistration:
    """`Register-AzStackHCI -RepairRegistration` with the recorded coordinates (resource name,
    group, region are kept). Needed when the `<cluster>` app registration is gone (C1), nodes
    cannot reach Azure with their certificates (C3: Disconnected), the portal shows Arc "Not
    Installed" (C4) or a node is OutOfPolicy with event 591 (C8). Event 594 needs a person
    (NeedsOperator, nothing changed); 592 is a repair already running, left alone."""

    id: str = "repair_registration"
    version: int = 1
    title: str = "registration repaired"

    def _findings(self, ctx: StepContext) -> list[str]:
        from orchestrator.facts.policy import latest_policy_event

        inventory = ctx.run.inventory
        assert inventory is not None
        target = target_of(ctx)
        reasons: list[str] = []
        needs_594: list[str] = []
        for node in inventory.cluster.nodes:
            session = ctx.open(node.name)
            registration = read_registration(session)
            if not registration.registered:
                raise NeedsOperator(
                    f"{node.name}: the cluster is not registered ({registration.status}); there "
                    "is nothing to repair: run `orchestrate register`"
                )
            if registration.status == "OutOfPolicy":
                event = latest_policy_event(session)
                if event is not None and event.event_id == 594:
                    needs_594.append(node.name)
                elif event is not None and event.event_id == 592:
                    log.info("%s: OutOfPolicy, repair in progress (event 592): waiting", node.name)
                else:
                    seen = f"event {event.event_id}" if event else "no policy event"
                    reasons.append(f"{node.name}: OutOfPolicy ({seen})")
            elif registration.connection == "Disconnected":
                reasons.append(
                    f"{node.name}: Disconnected since {registration.last_connected or 'never'}"
                )
        if needs_594:
            raise NeedsOperator(
                manual_steps_for_594(needs_594, [n.name for n in inventory.cluster.nodes])
            )
        try:
            missing = missing_cluster_app(ctx, target)
            if missing:
                reasons.append(missing)
        except AzureError as error:  # reading Graph may be denied; the other findings stand
            log.warning("%s: cannot list app registrations: %s", ctx.node, error)
        pending = portal_not_installed(ctx)
        if pending:
            reasons.append("portal Arc Not Installed: " + ", ".join(pending))
        return reasons

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted Register-AzStackHCI may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx)

    def check(self, ctx: StepContext) -> Change:
        reasons = self._findings(ctx)
        if not reasons:
            return Change.no_op("registration healthy", current="healthy")
        return Change.change(
            "; ".join(reasons),
            "repaired",
            "the registration needs repair; runs "
            + register_command(ctx, repair=True, planned=True).render(),
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        outcome = run_register(ctx, repair=True)
        if outcome.result != SUCCESS:
            raise failure(ctx, outcome)
        registration = read_registration(ctx.session)
        if not registration.registered:
            raise contradicted(
                outcome,
                f"Get-AzureStackHCI on {ctx.node} says RegistrationStatus {registration.status}",
            )
