"""The cluster's managed identity token, fetched on a node the way Az.StackHCI fetches it.

stackhci.ps1 @06618c80 (Azure/azure-powershell, src/StackHCI/StackHCI.Autorest/custom), in
`$registerArcScript` and `Disable-ArcForServers`: where `Get-AzureStackHCIArcIntegration` has no
ApplicationId (Arc onboards with the cluster's managed identity, Az.StackHCI >= 2.2.3), the
module asks the node's local metadata endpoint

    Invoke-RestMethod -Uri 'http://127.0.0.1:42542/metadata/instance' -Method GET
        -UseBasicParsing -Headers @{'metadata'='true'} -UseDefaultCredentials

for `compute.AzEnvironment`, maps it to the ARM URL (`$getManagementUrlScript` / Get-ManagementUrl),
then for a token

    'http://127.0.0.1:42542/metadata/identity/oauth2/token?resource={0}' -f $managementUrl

and passes `$accessToken.access_token` to `Enable-/Disable-AzureStackHCIArcIntegration
-AccessToken`. The same two calls here, built structurally; the token is a secret (the command
that carries it masks -AccessToken) and is never logged.
"""

from __future__ import annotations

from typing import Any

from orchestrator.errors import RemoteCommandError
from orchestrator.facts.hci import run_checked
from orchestrator.transport.base import Command, Hashtable, NodeSession

METADATA = "http://127.0.0.1:42542/metadata"
# `$getManagementUrlScript`: AzEnvironment -> the Resource Manager URL the token is for.
MANAGEMENT_URLS = {
    "AzurePublicCloud": "https://management.azure.com",
    "AzureGermanCloud": "https://management.microsoftazure.de",
    "AzureChinaCloud": "https://management.chinacloudapi.cn",
    "AzureUSGovernmentCloud": "https://management.usgovcloudapi.net",
}


def _get(session: NodeSession, uri: str) -> dict[str, Any]:
    result = run_checked(
        session,
        Command.cmdlet(
            "Invoke-RestMethod",
            Uri=uri,
            Method="GET",
            UseBasicParsing=True,
            Headers=Hashtable.of({"metadata": "true"}),
            UseDefaultCredentials=True,
        ),
    )
    return dict(result.first) if isinstance(result.first, dict) else {}


def azure_environment(session: NodeSession) -> str | None:
    """`compute.AzEnvironment` of the node's metadata endpoint (AzurePublicCloud, ...)."""
    compute = _get(session, f"{METADATA}/instance").get("compute") or {}
    value = compute.get("AzEnvironment") if isinstance(compute, dict) else None
    return str(value) if value else None


def managed_identity_token(session: NodeSession) -> str:
    """An ARM token for the cluster's managed identity, from the node it will be used on."""
    environment = azure_environment(session)
    url = MANAGEMENT_URLS.get(environment or "")
    if url is None:
        # the module's own words for this case: throw 'Invalid Azure Environment name'
        raise RemoteCommandError(
            session.node,
            f"Invoke-RestMethod -Uri {METADATA}/instance",
            f"Invalid Azure Environment name ({environment or 'none reported'})",
        )
    answer = _get(session, f"{METADATA}/identity/oauth2/token?resource={url}")
    token = answer.get("access_token")
    if not token:
        raise RemoteCommandError(
            session.node, "Invoke-RestMethod (metadata token)", "no access_token in the answer"
        )
    return str(token)
