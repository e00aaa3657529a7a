"""arm-authorization is "The identity has no Azure role that allows this action at this scope":
Key Vault's Azure RBAC refusal (ForbiddenByRbac, "Caller is not authorized to perform action on
resource") is one, an access-policy refusal is not (an access policy is not an Azure role; the two
development texts of that class, Data Factory's and a pipeline's, were labelled no family by two
independent collectors). Access-policy refusals name no family, whatever generic 403 wording the
producer wraps them in; RBAC refusals and ARM's AuthorizationFailed stay. Cited in
orchestrator/catalog/families.yaml (arm-authorization)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        # Azure/AnalyticsinaBox#17: an Az.KeyVault read in a pipeline (the twenty-third set)
        "Fetching the key vault secrets for metadata and wwi databases\n"
        "##[error]Operation returned an invalid status code 'Forbidden'\nCode: Forbidden\n"
        "Message: The user, group or application 'appid=***;oid=00000000-0000-0000-0000-000000000000;"
        "iss=https://sts.windows.net/11111111-1111-1111-1111-111111111111/' does not have secrets get"
        " permission on key vault 'kv1;location=westus'. For help resolving this issue, please see"
        " https://go.microsoft.com/fwlink/?linkid=2125287\n##[error]PowerShell exited with code '1'.",
        # az keyvault, Azure.Core and the Python SDK's wrappings of the same refusal
        "(Forbidden) The user, group or application 'appid=x;oid=y;iss=https://sts.windows.net/z/'"
        " does not have secrets set permission on key vault 'hci-kv;location=eastus'.",
        "Azure.RequestFailedException: The user, group or application 'appid=x;oid=y' does not have"
        " keys get permission on key vault 'kv1;location=eastus'.\nStatus: 403 (Forbidden)\n"
        "ErrorCode: Forbidden",
        "azure.core.exceptions.HttpResponseError: (Forbidden) The user, group or application"
        " 'appid=x;oid=y' does not have certificates list permission on key vault"
        " 'kv1;location=eastus'.\nCode: Forbidden",
        # Data Factory relaying the vault's refusal (the twenty-second set's look-alike)
        "Failure happened on 'Source' side. ErrorCode=UserErrorKeyVaultAccessDenied,Message=Caller"
        " was not found on any access policy in this key vault, secretName: SQL-USER,"
        " secretVersion: , vaultBaseUrl: https://kv1.vault.azure.net/.",
        # Azure Pipelines' Key Vault task's remedy alone (it provisions an access policy)
        "##[error]Get secrets failed. Error: Operation returned an invalid status code"
        " 'Forbidden'. The specified Azure service connection needs to have Get, List secret"
        " management permissions on the selected key vault. To set these permissions, download"
        " the ProvisionKeyVaultPermissions.ps1 script from build/release logs and execute it,"
        " or set them from the Azure portal.",
    ],
)
def test_key_vault_access_policy_refusals_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # Key Vault's Azure RBAC refusal (rbac-guide), alone and after the pipeline task's remedy
        "Azure.RequestFailedException: Caller is not authorized to perform action on resource.\n"
        "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\nStatus: 403 (Forbidden)\n"
        'Content: {"error":{"code":"Forbidden","message":"Caller is not authorized to perform'
        ' action on resource.","innererror":{"code":"ForbiddenByRbac"}}}',
        "##[error]Get secrets failed. Error: Caller is not authorized to perform action on"
        " resource. The specified Azure service connection needs to have Get, List secret"
        " management permissions on the selected key vault. To set these permissions, download"
        " the ProvisionKeyVaultPermissions.ps1 script from build/release logs and execute it,"
        " or set them from the Azure portal.",
        # ARM refusing to write the vault's access policy itself: a missing Azure role
        "(AuthorizationFailed) The client 'user@contoso.com' with object id"
        " '00000000-0000-0000-0000-000000000000' does not have authorization to perform action"
        " 'Microsoft.KeyVault/vaults/accessPolicies/write' over scope"
        " '/subscriptions/0/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1' or the"
        " scope is invalid.",
    ],
)
def test_azure_role_refusals_around_key_vault_stay_authorization(wording: str) -> None:
    assert family_of(wording) == "arm-authorization"
