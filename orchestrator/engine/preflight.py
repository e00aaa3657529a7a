"""Every input a run needs, checked before the run takes its lock or writes its journal.

An input error found once the journal exists (a password variable that is not set, a flow
that needs the azure section without it) used to leave an "incomplete" run behind that
`runs` lists and `resume` offers. Everything that can be known without contacting a node or
Azure is checked here first: the node selection, the sections the flow needs, the state
directory, and that every credential the inventory names is present in the environment.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from orchestrator.engine.journal import runs_dir
from orchestrator.engine.spec import Workflow
from orchestrator.errors import InputError
from orchestrator.inventory.models import Inventory, Node

# azure-identity's EnvironmentCredential takes the first complete set of these (azure-identity
# 1.27.0, azure/identity/_constants.py EnvironmentVariables.CLIENT_SECRET_VARS, CERT_VARS,
# USERNAME_PASSWORD_VARS; _credentials/environment.py EnvironmentCredential.__init__).
ENVIRONMENT_CREDENTIAL_SETS = (
    ("AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"),
    ("AZURE_CLIENT_ID", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_TENANT_ID"),
    ("AZURE_CLIENT_ID", "AZURE_USERNAME", "AZURE_PASSWORD"),
)


def narrowed_cluster_flow(
    workflow: Workflow, inventory: Inventory, nodes: Sequence[Node]
) -> list[str] | None:
    """The targeted node names when a cluster flow is asked to work on fewer nodes than the
    cluster has, else None. Its steps (Register-/Unregister-AzStackHCI, the repair) act on
    the whole cluster whatever the selection, so a selection only narrows the pre-checks."""
    if workflow.scope != "cluster":
        return None
    wanted = {n.name.lower() for n in nodes}
    if all(n.name.lower() in wanted for n in inventory.cluster.nodes):
        return None
    return [n.name for n in nodes]


def cluster_limit_refusal(workflow: Workflow) -> str:
    """Why a run of a cluster flow refuses a node selection, and what to do instead."""
    return (
        f"{workflow.name} acts on the whole cluster (its steps run once, for every node), so a "
        "node selection cannot limit it; it would only skip the other nodes' pre-checks. Leave "
        "it out, or use it with --dry-run to pre-check those nodes only"
    )


def check_state_dir_writable(state_dir: Path, field: str = "--state-dir") -> None:
    """The journal's directory can be made and written (`/proc/self` exists and is a
    directory, but nothing can be created in it). Probed with a directory made and removed
    in the nearest existing ancestor, so a refused run leaves nothing behind."""
    runs = runs_dir(state_dir)
    existing = next((p for p in (runs, *runs.parents) if p.exists()), Path("."))
    probe = existing / f".orchestrate-probe-{os.getpid()}-{threading.get_ident()}"
    try:
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory")
        probe.mkdir()
        probe.rmdir()
    except OSError as error:
        raise InputError(
            field,
            f"{str(state_dir)[:200]}: runs cannot be journaled there "
            f"({error.strerror or error.__class__.__name__}); give a writable directory",
        ) from None


def check_credentials(
    workflow: Workflow, inventory: Inventory, environ: Mapping[str, str] | None = None
) -> None:
    """The sections the flow needs, and every credential the inventory names, present."""
    check_inventory_credentials(
        inventory,
        needs_azure=workflow.needs_azure or bool(workflow.cluster_prechecks),
        environ=environ,
    )


def check_inventory_credentials(
    inventory: Inventory, *, needs_azure: bool, environ: Mapping[str, str] | None = None
) -> None:
    """check_credentials without a flow (`orchestrate validate`): the connection's credentials
    and, when `needs_azure`, the Azure section and its credential; nothing is contacted."""
    env = os.environ if environ is None else environ
    if needs_azure:
        inventory.require_azure()  # e.g. register, repair: their first checks read Azure
    if inventory.connection.transport != "psrp":
        return  # the in-process lab takes no credentials
    from orchestrator.transport.psrp import wsman_options

    wsman_options(inventory.connection, environ=env, source=inventory.source)
    azure = inventory.azure
    if azure is None or not needs_azure:
        return
    if azure.credential.startswith("token_env:"):
        if not env.get(azure.credential.split(":", 1)[1]):
            raise InputError(
                "azure.credential",
                # the name is not repeated: a token pasted in its place would be
                "the environment variable named after token_env: is not set; export the ARM "
                "token in it",
                source=inventory.source,
            )
    elif azure.credential == "environment" and not any(
        all(env.get(name) for name in names) for names in ENVIRONMENT_CREDENTIAL_SETS
    ):
        raise InputError(
            "azure.credential",
            "environment: export AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (or "
            "AZURE_CLIENT_CERTIFICATE_PATH) for a service principal, or use credential: cli "
            "after `az login`",
            source=inventory.source,
        )


def check_run_inputs(
    workflow: Workflow, inventory: Inventory, nodes: Sequence[Node], state_dir: Path | None
) -> None:
    """All of the above, for a run about to take its lock and open its journal."""
    if narrowed_cluster_flow(workflow, inventory, nodes) is not None:
        # the front ends refuse it with their own option's name; this holds for every caller
        raise InputError("nodes", cluster_limit_refusal(workflow))
    check_credentials(workflow, inventory)
    if state_dir is not None:
        check_state_dir_writable(state_dir)
