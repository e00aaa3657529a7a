"""Azure credentials through azure-identity, with the authority and scopes of each cloud.

The token obtained here is handed to the cluster cmdlets as -ArmAccessToken/-AccountId (as the
Ansible azure_arc role does); it is never logged, journaled or put in error text.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

import attrs
from azure.core.credentials import AccessToken, TokenCredential

from orchestrator.errors import InputError

# Authority hosts and resource endpoints per cloud (azure-identity AzureAuthorityHosts; the ARM
# and Graph hosts are in orchestrator/data/clouds.json, sourced from the facts notes §5).
AUTHORITY = {
    "AzureCloud": "login.microsoftonline.com",
    "AzureUSGovernment": "login.microsoftonline.us",
    "AzureChinaCloud": "login.chinacloudapi.cn",
}


@attrs.frozen
class StaticTokenCredential:
    """A bearer token given explicitly (token_env:NAME). Its repr never shows the token."""

    token: str = attrs.field(repr=False)
    expires_on: int = attrs.field(factory=lambda: int(time.time()) + 3000)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, self.expires_on)


def credential_for(
    kind: str, cloud: str, environ: Mapping[str, str] | None = None
) -> TokenCredential:
    """Build the credential named by the inventory's `azure.credential`."""
    env = os.environ if environ is None else environ
    authority = AUTHORITY[cloud]
    if kind.startswith("token_env:"):
        name = kind.split(":", 1)[1]
        token = env.get(name)
        if not token:
            raise InputError(
                "azure.credential",
                # the name is not repeated: a token pasted in its place would be
                "the environment variable named after token_env: is not set; export the ARM "
                "token in it",
            )
        return StaticTokenCredential(token)
    from azure import identity

    if kind == "environment":
        # AZURE_CLIENT_ID + AZURE_TENANT_ID + AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
        return identity.EnvironmentCredential(authority=authority)
    if kind == "cli":
        return identity.AzureCliCredential()
    if kind == "managed_identity":
        return identity.ManagedIdentityCredential()
    raise InputError("azure.credential", "unknown credential kind")
