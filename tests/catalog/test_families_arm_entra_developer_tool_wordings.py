"""ARM and Entra ID failures in developer tools' own words (the twenty-fourth set's classes, by
producer): Azure Functions Core Tools' and azd's resource lookups (arm-not-found), AzureRM's
unquoted subscription lookup (arm-not-found), VS Code's App Service deploy hitting Kudu's deployment
lock (arm-conflict), ARM throttling as the Functions extension and Azure Data Studio relay it
(arm-throttling), Visual Studio's token service asking to re-authenticate (entra-session-expired),
Azure Storage's issuer check (entra-tenant); and ARM's InvalidResourceNamespace, which is not a
registration (arm-provider-registration). Producers cited in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure/azure-functions-core-tools AzureHelper.cs GetFunctionApp (and #260's older wording)
        (
            'Can\'t find app with name "funcappdoesnotexist" in current subscription.',
            "arm-not-found",
        ),
        ('Can\'t find the function app slot with name "staging"', "arm-not-found"),
        ("Can't find function app by name func-contoso", "arm-not-found"),
        ("Cannot find storage account with name stcontoso", "arm-not-found"),
        # Azure/azure-dev azure_resource_manager.go
        (
            "ERROR: getting target resource: getting default resource groups for environment: sbx:"
            " resource not found: 0 resource groups with prefix or suffix with value: 'sbx'",
            "arm-not-found",
        ),
        (
            "resource not found: 0 resource groups with tag 'azd-env-name' with value: 'dev'",
            "arm-not-found",
        ),
        # AzureRM.Profile, unquoted (Azure/AzureStack-Tools#85)
        (
            "Select-AzureRmSubscription : Provided subscription <Subscription ID removed> does not"
            " exist\nAt C:\\CloudDeployment\\Setup\\Activation\\Bridge\\Register-AzureStack.ps1:97 char:17",
            "arm-not-found",
        ),
        # Kudu's deployment lock through VS Code's App Service extension
        (
            "Action: appService.Deploy\nError type: 409\nError Message: There is a deployment"
            " currently in progress. Please try again when it completes.",
            "arm-conflict",
        ),
        # ARM throttling relayed by the tools
        (
            "GET Operation on subscriptions/{subscriptionId}/providers/Microsoft.Web/sites \n"
            "Endpoint is currently throttled for xxxxxxxx Subscription. Please retry after some time.",
            "arm-throttling",
        ),
        (
            "An error occurred while loading Azure resources: Requests from this account have been"
            " throttled. To retry, please select a smaller number of subscriptions.",
            "arm-throttling",
        ),
        # Visual Studio's token service (Microsoft.Asal.TokenService.exe)
        (
            "TS003: Error, TS001: \nThis account 'xxxx@gmail.com' needs re-authentication. \nPlease go"
            " to Tools->Azure Services Authentication, and re-authenticate the account you want to"
            " use.",
            "entra-session-expired",
        ),
        (
            "Exception for Visual Studio token provider Microsoft.Asal.TokenService.exe : TS003:"
            " Error, TS004: Unable to get access token.  'Failed to refresh access token'",
            "entra-session-expired",
        ),
        # Azure Storage's issuer check (Azure/azure-sdk-for-net#10529)
        (
            "Azure.Storage.Blobs: Server failed to authenticate the request. Please refer to the"
            " information in the www-authenticate header.\nStatus: 401 (Server failed to"
            " authenticate the request.)\nErrorCode: InvalidAuthenticationInfo\n\nAdditional"
            " Information:\nAuthenticationErrorDetail: Issuer validation failed. Issuer did not"
            " match.",
            "entra-tenant",
        ),
    ],
)
def test_developer_tools_arm_and_entra_wordings_are_named(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # ARM's InvalidResourceNamespace (Azure Stack Hub admin module at the user endpoint)
        (
            "Get-Exception : Code = InvalidResourceNamespace\nMessage = The resource namespace"
            " 'Microsoft.Subscriptions.Admin' is invalid.",
            "arm-provider-registration",
        ),
        # Core Tools' local lookups
        ('Can\'t find template "HttpTrigger" in "python"', "arm-not-found"),
        ("Can't find templates location. Looked at '/usr/lib/func/templates'", "arm-not-found"),
        # azd's other "resource not found" causes
        ("resource not found: some azure error", "arm-not-found"),
        # another service's throttling, Visual Studio's other token service failures
        ("Endpoint is currently throttled. Please retry after some time.", "arm-throttling"),
        (
            "TS003: Error, TS004: Unable to get access token.  'User account not found'",
            "entra-session-expired",
        ),
        # Storage's other authentication details
        (
            "Server failed to authenticate the request. Make sure the value of Authorization header"
            " is formed correctly including the signature.\nAuthenticationErrorDetail: The MAC"
            " signature found in the HTTP request is not the same as any computed signature.",
            "entra-tenant",
        ),
        # another deploy tool's "in progress" that is no Kudu lock
        ("A deployment is currently in progress for stack 'dev'.", "arm-conflict"),
    ],
)
def test_the_same_producers_other_failures_are_not_named_so(wording: str, family: str) -> None:
    assert family_of(wording) != family


def test_registration_refusals_still_name_their_namespace() -> None:
    assert (
        family_of(
            "The resource type could not be found in the namespace 'Microsoft.ManagedIdentity' for"
            " api version '2015-08-31-preview'."
        )
        == "arm-provider-registration"
    )
    assert (
        family_of("The subscription didn't register to use namespace 'Microsoft.BotService'.")
        == "arm-provider-registration"
    )
