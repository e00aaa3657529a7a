"""arc-onboard: connect many standalone servers to Azure Arc with a service principal.

## Purpose

At-scale onboarding of servers that are not (yet) HCI cluster nodes: `azcmagent connect` on
every node of the inventory, into the inventory's subscription, resource group
(`azure.arc_resource_group`, else `azure.resource_group`), region, cloud and tenant, as the
service principal given with `--service-principal-id`. Its secret is read at run time from the
environment variable named by `--secret-env` (default `ARC_SP_SECRET`); it is handed to the
agent in a `--config` file written on the node with `Set-Content` and removed with
`Remove-Item` right after the command (written inside the guard that removes it), so it is
never on a command line, in a plan, a journal or a log. Files of ours a killed run left
(`orchestrate-azcmagent-*.json`) are swept at the start and the end of each node's work in
every run and resume, and a sweep that removed something is reported (stderr, journal). `orchestrate arc-offboard` is the counterpart (`azcmagent disconnect`).
Your own Azure sign-in (`azure.credential`) is used only to read: the resource providers,
and whether the machine resource of an agent that says it is connected still exists.

## Guards

- Input is validated before anything runs, with the agent's own rules (SCENARIOS.md D2): tags
  (AZCM0013), cloud (AZCM0014, the inventory's `azure.cloud`), correlation ID GUID (AZCM0015),
  a missing service principal, secret variable or Azure section (AZCM0016), and the resource
  name each node would get (AZCM0017). A bad value exits 2 naming the field; nothing runs.
- Idempotent through `azcmagent show -j`: an agent already connected to the requested target
  is left alone (the AZCM0067 "already connected" error is never provoked).
- An agent connected to another subscription, resource group, name or tenant is refused
  (exit 5) with both targets named; nothing is disconnected behind the operator's back.
- Microsoft.HybridCompute and Microsoft.GuestConfiguration must be registered in the
  subscription (D6) before any node is touched.

## Scenarios handled

- D1: every AZCM code the agent prints is explained from the failure catalog (class, retry
  decision, remediation); retryable ones are retried; AZCM0061/0064/0070 start (or restart)
  himds and try again; an agent connected locally whose machine resource was deleted is
  disconnected with `--force-local-only` and connected again.
- D2: bad input refused before anything runs (above).
- D3: login endpoint unreachable, blocked or not resolving: classified network / proxy-firewall
  / DNS with the endpoint named; the node waits for an operator (exit 5).
- D4: wrong secret or tenant: a non-retryable credential error; the secret is never printed.
- D5: the service principal lacks `Azure Connected Machine Onboarding`: non-retryable, the
  missing action and the role are named.
- D6: provider not registered (blocked by the pre-check) or `management.azure.com` blocked
  (classified like D3).
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.arc_agent import ArcAgentInstalledCheck, ArcAgentStatusCheck
from orchestrator.checks.azure import ResourceProvidersCheck
from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from orchestrator.steps.arc_agent import (
    ConnectArcAgent,
    StartAgentService,
    SweepAgentConfigFiles,
)
from orchestrator.steps.service import EnsureServiceRunning

# seeds/002 D6 and the Arc prerequisites (facts §2.3): the agent's resource providers.
ARC_PROVIDERS = ("Microsoft.HybridCompute", "Microsoft.GuestConfiguration")

WORKFLOW = Workflow(
    name="arc-onboard",
    version=2,
    summary="Connect standalone servers to Azure Arc (azcmagent connect) with a service principal.",
    prechecks=(ReachabilityCheck(), ArcAgentInstalledCheck()),
    cluster_prechecks=(ResourceProvidersCheck(namespaces=ARC_PROVIDERS),),
    steps=(
        StepSpec(EnsureServiceRunning("himds"), retry=TRANSIENT),
        StepSpec(
            ConnectArcAgent(),
            retry=TRANSIENT,
            remediations=(RemediationSpec(StartAgentService(), max_uses=1),),
        ),
    ),
    # leftover config files (a secret) removed at the start and end of each node's work
    sweeps=(SweepAgentConfigFiles(),),
    verification=(ArcAgentStatusCheck("Connected"),),
)
