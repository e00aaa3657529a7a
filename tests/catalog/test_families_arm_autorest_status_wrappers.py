"""AutoRest's and azure-core's generic wrapper of an HTTP status with no error body ("Operation
returned an invalid status code 'NotFound'" from the C# generator's Microsoft.Rest code, "...
'Not Found'" from Python's msrest HttpOperationError, "Operation returned an invalid status
'Conflict'" from azure-core's HttpResponseError) names ARM's family for the status only beside an
ARM client: the same generators wrap Key Vault's, Microsoft Graph's and Power BI's data planes,
whose statuses are not ARM's (sources cited in orchestrator/catalog/families.yaml)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Microsoft.Rest.Azure.CloudException: Operation returned an invalid status code"
            " 'NotFound'\n   at Microsoft.Azure.Management.Network.VirtualNetworksOperations"
            ".GetWithHttpMessagesAsync(String resourceGroupName, String virtualNetworkName)",
            "arm-not-found",
        ),
        (
            "az sf cluster show --resource-group rg-missing --name sf1\n"
            "ERROR: Operation returned an invalid status code 'Not Found'",
            "arm-not-found",
        ),
        (
            "Traceback (most recent call last):\n"
            '  File "/opt/venv/lib/python3.9/site-packages/azure/mgmt/compute/v2021_07_01/'
            'operations/_virtual_machines_operations.py", line 410, in get\n'
            "azure.core.exceptions.HttpResponseError: Operation returned an invalid status"
            " 'Not Found'",
            "arm-not-found",
        ),
        (
            "Set-AzVMExtension : Operation returned an invalid status code 'Conflict'",
            "arm-conflict",
        ),
        (
            "Microsoft.Rest.Azure.CloudException: Operation returned an invalid status code"
            " 'Forbidden'\n   at Microsoft.Azure.Management.ResourceManager.ResourceGroupsOperations"
            ".ListWithHttpMessagesAsync(ODataQuery`1 odataQuery)",
            "arm-authorization",
        ),
        (
            "Microsoft.Rest.Azure.CloudException: Operation returned an invalid status code"
            " 'TooManyRequests'\n   at Microsoft.Azure.Management.Compute.VirtualMachinesOperations"
            ".ListAllWithHttpMessagesAsync()",
            "arm-throttling",
        ),
    ],
)
def test_autorest_status_wrapper_of_an_arm_client(text: str, family: str) -> None:
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # Key Vault's data plane (its own SDK and its Az cmdlet): a secret, not an ARM resource
        "Microsoft.Azure.KeyVault.Models.KeyVaultErrorException: Operation returned an invalid"
        " status code 'NotFound'",
        "Get-AzKeyVaultSecret : Operation returned an invalid status code 'Forbidden'",
        # Power BI's REST API through its AutoRest client
        "Microsoft.Rest.HttpOperationException: Operation returned an invalid status code"
        " 'Forbidden'\n   at Microsoft.PowerBI.Api.ReportsOperations"
        ".GetReportsInGroupWithHttpMessagesAsync(Guid groupId)",
        # Microsoft Graph through Az.Resources (a directory permission, not an Azure role)
        "Get-AzADServicePrincipal : Operation returned an invalid status code 'Forbidden'",
        # ARM's 401: a token refused for one of several reasons
        "azure.mgmt.web.models.default_error_response_py3.DefaultErrorResponseException:"
        " Operation returned an invalid status code 'Unauthorized'",
        # Key Vault's access-policy refusal behind an ARM client's 403 (an access policy is not an
        # Azure role: the family's own guard)
        "Microsoft.Rest.Azure.CloudException: Operation returned an invalid status code"
        " 'Forbidden'\n   at Microsoft.Azure.Management.KeyVault.VaultsOperations.GetAsync()\n"
        "Message: The user, group or application 'appid=1;oid=2' does not have secrets get"
        " permission on key vault 'kv1;location=westeurope'.",
        # Microsoft Graph's 429 through the Az cmdlets' Graph client
        "Get-AzADUser : Operation returned an invalid status code 'TooManyRequests'",
        # the status alone, with no client named
        "Operation returned an invalid status code 'Forbidden'",
    ],
)
def test_autorest_status_wrapper_elsewhere_names_no_arm_family(text: str) -> None:
    assert family_of(text) is None
