"""Entra ID, token-time and ARM wordings of five producers (first seen as the twenty-third
set's misses), named as their producers print them, each with near misses from the same
producer: Azure AD B2C's session and grant codes (entra-session-expired), the AzureAD module's
Authentication_ExpiredToken (token-time), the Graph PowerShell SDK's "Application missing MSGraph
API '...' permission" (entra-consent), the App Service deploy tasks' Kudu "Conflict (CODE: 409)"
(arm-conflict) and the Azure CLI's AKS "Could not create a role assignment for ACR. Are you an
Owner on this subscription?" (arm-authorization). Producers cited in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure AD B2C (error-codes reference)
        (
            "AADB2C90077: User does not have an existing session and request prompt parameter has a"
            " value of 'None'.\nCorrelation ID: 00000000-0000-0000-0000-000000000000",
            "entra-session-expired",
        ),
        (
            "AADB2C90129: The provided grant has been revoked. Please reauthenticate and try again.",
            "entra-session-expired",
        ),
        (
            "invalid_grant: AADB2C90080: The provided grant has expired. Please re-authenticate and"
            " try again.",
            "entra-session-expired",
        ),
        # the AzureAD module (SpecterOps/BloodHound-Legacy#483)
        (
            "Get-AzureADGroup : Error occurred while executing GetGroup\n"
            "Code: Authentication_ExpiredToken\n"
            "Message: Your access token has expired. Please renew it before submitting the request.\n"
            "HttpStatusCode: Unauthorized",
            "token-time",
        ),
        # the Graph PowerShell SDK (microsoftgraph/msgraph-sdk-powershell#108)
        (
            "Get-MgAuditLogSignIn : Application missing MSGraph API 'Read all audit log data'"
            " permission\n+ FullyQualifiedErrorId : Authentication_MSGraphPermissionMissing,"
            "Microsoft.Graph.PowerShell.Cmdlets.GetMgAuditLogSignIn_List",
            "entra-consent",
        ),
        # Azure/webapps-deploy (#544) and the Azure Pipelines App Service tasks
        (
            "Package deployment using OneDeploy initiated.\n"
            "Error: Failed to deploy web package to App Service.\n"
            "Error: Deployment Failed, Error: Failed to deploy web package using OneDeploy to App"
            " Service.\nConflict (CODE: 409)",
            "arm-conflict",
        ),
        (
            "##[error]Failed to deploy web package to App Service.\n"
            "##[error]Error: Error: Failed to deploy web package to App Service. Conflict (CODE: 409)",
            "arm-conflict",
        ),
        # the Azure CLI's AKS commands (Azure/AKS#1838)
        (
            "Waiting for AAD role to propagate[################################    ]  90.0000%Could"
            " not create a role assignment for ACR. Are you an Owner on this subscription?\n"
            "##[error]Script failed with exit code: 1",
            "arm-authorization",
        ),
    ],
)
def test_set_23_producer_wording_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Azure AD B2C's other codes: the user cancelled, forgot the password, a grant for another
        # endpoint, a redirect URI not registered
        "AADB2C90091: The user has cancelled entering self-asserted information.",
        "AADB2C90118: The user has forgotten their password.",
        "AADB2C90088: The provided grant has not been issued for this endpoint.",
        "AADB2C90006: The redirect URI 'https://localhost:5001/' provided in the request is not"
        " registered for the client id '00000000-0000-0000-0000-000000000000'.",
        # the AzureAD module's other API errors
        "Get-AzureADUser : Error occurred while executing GetUsers\nCode: Request_ResourceNotFound\n"
        "Message: Resource 'x' does not exist or one of its queried reference-property objects are"
        " not present.\nHttpStatusCode: NotFound",
        # the deploy tasks' other Kudu statuses (Azure/webapps-deploy#244: an access restriction)
        "Package deployment using ZIP Deploy initiated.\n"
        "Error: Failed to deploy web package to App Service.\n"
        "Error: Deployment Failed with Error: Error: Failed to deploy web package to App Service.\n"
        "Ip Forbidden (CODE: 403)",
        "Error: Failed to deploy web package to App Service.\nBad Request (CODE: 400)",
        # a git push refused with 409 names no conflict by itself
        "error: RPC failed; HTTP 409 curl 22 The requested URL returned error: 409",
    ],
)
def test_the_same_producers_other_errors_are_not_these_classes(wording: str) -> None:
    assert family_of(wording) not in {
        "entra-session-expired",
        "token-time",
        "entra-consent",
        "arm-conflict",
        "arm-authorization",
    }
