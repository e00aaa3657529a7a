"""arm-throttling is Azure Resource Manager's request budget (its title says so), not the other
Microsoft APIs' own throttling: Microsoft Graph / Azure AD Graph (as the AzureAD module, MSOnline
and the Graph PowerShell SDK print it), the Application Insights and Log Analytics query APIs, Key
Vault's and Storage's data planes. Those name nothing when the text shows nothing of ARM, while
ARM's throttling of those services' management calls, and a bare ARM 429, are still named. The
producers are cited in orchestrator/catalog/families.yaml (arm-throttling's `unless`)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# microsoftgraph/msgraph-sdk-powershell#281 and grafana/grafana#33837: the twenty-third measure
# set's look-alikes, labelled no family (Graph's and Application Insights' API quotas).
AZUREAD_MODULE_GRAPH_THROTTLED = (
    "Get-AzureAdAuditSigninLogs : Error occurred while executing GetAuditSignInLogs \n"
    "Code: UnknownError\n"
    "Message: This request is throttled. Please try again after the value specified in the"
    " Retry-After header. CorrelationId: 9b27c007-f9fb-4caa-8163-77f47e54ee99\n"
    "InnerError:\n  RequestId: 36111868-01f9-41ef-ba4b-386352b47b5a\n"
    "HttpStatusCode: 429\nHttpStatusDescription: Too Many Requests\nHttpResponseStatus: Completed"
)
GRAFANA_APPLICATION_INSIGHTS_QUOTA = (
    "tsdb.HandleRequest() response error &{request failed, status: 429 Too Many Requests, body:"
    ' {"error":{"message":"Rate limit of 86400 per day is exceeded.","code":"ThrottledError",'
    '"correlationId":"b820d4d6-54b6-44d4-b43f-************","innererror":{"code":"ThrottledError",'
    '"message":"Rate limit of 86400 per day is exceeded.","limitValue":86400,'
    '"moreInfo":"https://aka.ms/api-limits"}}}'
)


@pytest.mark.parametrize(
    "wording",
    [
        AZUREAD_MODULE_GRAPH_THROTTLED,
        GRAFANA_APPLICATION_INSIGHTS_QUOTA,
        # the AzureAD module's wrapping with Azure AD Graph's own throttling code
        "Get-AzureADUser : Error occurred while executing GetUsers\nCode:"
        " Request_ThrottledTemporarily\nHttpStatusCode: 429\nHttpStatusDescription: Too Many Requests\n"
        "    + FullyQualifiedErrorId :"
        " Microsoft.Open.AzureAD16.Client.ApiException,Microsoft.Open.AzureAD16.PowerShell.GetUser",
        # the Graph PowerShell SDK's cmdlets and its request cmdlet
        "Get-MgUser_List: Too many requests. Please retry again later.\nStatus: 429 (TooManyRequests)\n"
        "ErrorCode: TooManyRequests",
        "Invoke-MgGraphRequest: Response status code does not indicate success: TooManyRequests"
        " (Too Many Requests).",
        # a Graph request through go-azure-sdk's client (Terraform's azuread provider)
        "Error: Could not create application\nunexpected status 429 (429 Too Many Requests) with"
        " OData error: Request_ThrottledTemporarily",
        # the Log Analytics query API
        "POST https://api.loganalytics.io/v1/workspaces/00000000-0000-0000-0000-000000000000/query"
        " 429 Too Many Requests",
        "Invoke-AzOperationalInsightsQuery : Operation returned an invalid status code"
        " 'TooManyRequests'",
        # Key Vault's data plane (its own 4,000 requests per 10 seconds)
        'Error: retrieving Secret "foo" (Key Vault "https://myvault.vault.azure.net/"):'
        " keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=429 -- Original"
        ' Error: autorest/azure: Service returned an error. Status=429 Code="Throttled"',
        "Azure.RequestFailedException: Service request failed.\nStatus: 429 (Too Many Requests)\n"
        "Headers:\nx-ms-keyvault-service-version: 1.9.908.1\nx-ms-keyvault-region: westeurope",
        # Storage's data plane
        "RESPONSE 429: 429 Too Many Requests\nGET https://account.blob.core.windows.net/container/blob",
    ],
)
def test_other_microsoft_apis_throttling_names_nothing(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # ARM throttling a Key Vault management call (Microsoft.KeyVault/vaults)
        "keyvault.VaultsClient#CreateOrUpdate: Failure sending request: StatusCode=429 -- Original"
        ' Error: Code="TooManyRequests" Message="Number of \'write\' requests for subscription'
        " '00000000-0000-0000-0000-000000000000' actor 'x' exceeded. Please try again after '5'"
        ' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling"',
        # Azure Monitor metrics read through ARM (elastic/integrations#8575's form)
        "GET https://management.azure.com/subscriptions/xxx/providers/Microsoft.Insights/metrics\n"
        "RESPONSE 429: 429 Too Many Requests\nERROR CODE: ResourceRequestsThrottled",
        # the Storage resource provider's own management limit
        "The request is being throttled as the limit has been reached for operation type -"
        " Read_ObservationWindow_00:05:00. For more information, see -"
        " https://aka.ms/srpthrottlinglimits",
        # a bare ARM 429 as go-azure-sdk prints it
        "Error: unexpected status 429 (429 Too Many Requests) with error: TooManyRequests: Too many"
        " requests have been received for this subscription.",
        # an Az PowerShell ARM cmdlet (not a Graph one) with the subscription's throttling code
        "Get-AzResource : Status: 429 (Too Many Requests) ErrorCode: SubscriptionRequestsThrottled",
    ],
)
def test_arm_throttling_of_those_services_management_calls_is_still_named(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"
