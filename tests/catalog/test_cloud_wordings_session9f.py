"""Session 9, cycle F: the nineteenth set's miss classes in the Entra ID, token-time and ARM
families, each named as its producer prints it in its forms (the producer is cited beside each
rule in families.yaml), and the texts of that set that the text alone cannot place (left unnamed,
with the reason beside each)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure Storage's SAS window check in its older wording (the AuthenticationErrorDetail)
        (
            "<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the"
            " request. Make sure the value of Authorization header is formed correctly including"
            " the signature. RequestId:159c33a8-0001-001e-3e4c-f15ade000000"
            " Time:2016-08-08T08:11:13.7348778Z</Message><AuthenticationErrorDetail>Signed expiry"
            " time [Mon, 08 Aug 2016 08:08:51 GMT] must be after signed start time [Mon, 08 Aug"
            " 2016 08:11:13 GMT]</AuthenticationErrorDetail></Error>",
            "token-time",
        ),
        # the Kubernetes Azure cloud provider's GetThrottlingError, from any of its ARM clients
        (
            "kube-controller-manager[2014310]: E0708 08:33:13.752989 2014310 azure_vmss.go:570]\n"
            "VirtualMachineScaleSetsClient.List failed:\n&{true 0 2020-07-08 08:34:43.665286837"
            " +0000 UTC m=+1598.271278798\nazure cloud provider throttled for operation VMSSList"
            ' with reason "client throttled"}',
            "arm-throttling",
        ),
        (
            "E1012 10:01:02.000000 1 azure_controller_standard.go:120] Retriable: true, RetryAfter:"
            " 12s, HTTPStatusCode: 0, RawError: azure cloud provider throttled for operation"
            ' VMGet with reason "client throttled"',
            "arm-throttling",
        ),
        # the MSAL runtime's (broker's) statuses that need the user, in MSAL Python's and MSAL.NET's
        # forms
        (
            "│ Error: building account: could not acquire access token to parse claims: running"
            " Azure CLI: exit status 1: ERROR: (pii). Status: Response_Status.Status_InteractionRequired,"
            " Error code: 3399614476, Tag: 557973645\n│ Please explicitly log in with:\n│ az login"
            " --scope https://graph.microsoft.com/.default",
            "entra-interaction-required",
        ),
        (
            "ERROR: (pii). Status: Response_Status.Status_AccountUnusable, Error code: 0, Tag:"
            " 508170375",
            "entra-interaction-required",
        ),
        (
            "Microsoft.Identity.Client.MsalUiRequiredException: WAM Error \n Error Code: 3399614476"
            " \n Error Message: (pii) \n Internal Error Code: 557973645 \n   ErrorCode:"
            " failed_to_acquire_token_silently_from_broker",
            "entra-interaction-required",
        ),
        # Azure/login cannot get the job's OIDC token (the federated credential), in both versions'
        # wordings
        (
            "Using OIDC authentication...\nError:  Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env"
            " variable. Please make sure to give write permissions to id-token in the workflow.\n"
            '/usr/bin/az cloud set -n azurecloud\nDone setting cloud: "azurecloud"\nError: :'
            " AADSTS50027: JWT token is invalid or malformed.",
            "entra-client-credential",
        ),
        (
            "Error: Failed to fetch federated token from GitHub. Please make sure to give write"
            " permissions to id-token in the workflow.\nError: Error message: Unable to get"
            " ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable\nError: Login failed with Error: Error"
            " message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable. Double check if"
            " the 'auth-type' is correct.",
            "entra-client-credential",
        ),
        # ARM's 403 with no body (a HEAD): Packer's stale LastError above it is not the failure
        (
            "==> azure-arm: ERROR: -> ResourceNotFound : The Resource"
            " 'Microsoft.Compute/images/elasticsearch6-2019-01-31T115715' under resource group"
            " 'packer-elasticsearch-images' was not found.\n==> azure-arm:\n==> azure-arm:"
            " resources.GroupsClient#CheckExistence: Failure responding to request: StatusCode=403"
            ' -- Original Error: autorest/azure: error response cannot be parsed: "" error: EOF\n'
            "Build 'azure-arm' errored: resources.GroupsClient#CheckExistence: Failure responding"
            " to request: StatusCode=403 -- Original Error: autorest/azure: error response cannot"
            ' be parsed: "" error: EOF',
            "arm-authorization",
        ),
        (
            "HEAD https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000"
            "/resourcegroups/rg-build\n-----------------------------------------------------------"
            "---------------------\nRESPONSE 403: 403 Forbidden\nERROR CODE UNAVAILABLE\n--------"
            "------------------------------------------------------------------------",
            "arm-authorization",
        ),
    ],
)
def test_the_nineteenth_sets_classes_name_their_family_in_the_producers_forms(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Storage's generic AuthenticationFailed message with a key / signature detail: a wrong
        # key, not a clock
        "<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the"
        " request. Make sure the value of Authorization header is formed correctly including the"
        " signature.</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP"
        " request 'abc=' is not the same as any computed signature. Server used following string"
        " to sign: 'GET'.</AuthenticationErrorDetail></Error>",
        # the cloud provider's own client-side rate limiter (its cloud config), not ARM's answer
        "E1012 10:01:02.000000 1 azure_backoff.go:100] azure cloud provider rate limited(read) for"
        ' operation "VMSSList"',
        # the GitHub Actions toolkit's OIDC error from another cloud's action
        "Error: Could not assume role with OIDC: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env"
        " variable",
        # Az.Accounts hides the real refusal of a service principal's sign-in behind a tenant
        # lookup message (the thread's cause was an expired secret; the message names the tenant
        # and the principal): the text cannot show which of the secret, the tenant or the app
        "Error trying to authenticate to Azure. Error was ClientSecretCredential authentication"
        " failed:  Could not find tenant id for provided tenant domain '***'. Please ensure that"
        " the provided service principal '***' is found in the provided tenant domain.",
        # a device-code prompt is the start of an interactive sign-in, not a refusal; the failure
        # after it is the tool's own crash
        "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and"
        " enter the code ABBK9F55M to authenticate.\n(node:3476) UnhandledPromiseRejectionWarning:"
        " TypeError: Cannot read property 'value' of undefined",
        # a storage data-plane 403 in azcore's form: not ARM's
        "GET https://mystore.blob.core.windows.net/c1\n---------------------------------------"
        "-----------------------------------------\nRESPONSE 403: 403 Forbidden\nERROR CODE:"
        " AuthorizationFailure",
    ],
)
def test_look_alikes_of_the_nineteenth_sets_classes_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # a policy denial's 403 on ARM names its code's family first
        (
            "PUT https://management.azure.com/subscriptions/0000/resourceGroups/rg1/providers/"
            "Microsoft.Storage/storageAccounts/st1\n------------------------------------------------"
            "--------------------------------\nRESPONSE 403: 403 Forbidden\nERROR CODE:"
            " RequestDisallowedByPolicy",
            "arm-policy",
        ),
        # a not-found without the HEAD's 403 stays arm-not-found
        (
            "==> azure-arm: ERROR: -> ResourceNotFound : The Resource"
            " 'Microsoft.Compute/images/base-2024' under resource group 'images' was not found.",
            "arm-not-found",
        ),
        # Storage's SAS window check in its current wording, and the request date check
        (
            "<AuthenticationErrorDetail>Signed expiry time [Wed, 22 Apr 2026 04:45:57 GMT] has to"
            " be after signed start time [Wed, 22 Apr 2026 04:45:59 GMT]</AuthenticationErrorDetail>",
            "token-time",
        ),
    ],
)
def test_the_neighbours_of_the_nineteenth_sets_classes_keep_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the Azure Key Vault task's AccessDeniedError after the vault's 403, in English and German:
        # its remedy is an access policy, which is not an Azure role (session 11, cycle K;
        # test_families_arm_authorization_key_vault_access_policy.py), so alone it names nothing
        (
            "##[error]Get secrets failed. Error: Operation returned an invalid status code"
            " 'Forbidden'. The specified Azure service connection needs to have Get, List secret"
            " management permissions on the selected key vault. To set these permissions, download"
            " the ProvisionKeyVaultPermissions.ps1 script from build/release logs and execute it,"
            " or set them from the Azure portal.",
            None,
        ),
        (
            "##[error]Fehler beim Abrufen von Geheimnissen. Fehler: Forbidden. Die angegebene"
            ' Azure-Dienstverbindung benötigt die Berechtigungen "Get" und "List" für die Verwaltung'
            " von Geheimnissen für den ausgewählten Schlüsseltresor. Zum Festlegen dieser"
            ' Berechtigungen laden Sie das Skript "ProvisionKeyVaultPermissions.ps1" aus den'
            " Build-/Releaseprotokollen herunter.",
            None,
        ),
        # the vault firewall's refusal with the same appended sentence: the network rules, not a
        # role (no family)
        (
            "##[error]Get secrets failed. Error: Client address is not authorized and caller is not"
            " a trusted service. Client address: 40.74.28.0. The specified Azure service connection"
            " needs to have Get, List secret management permissions on the selected key vault. To"
            " set these permissions, download the ProvisionKeyVaultPermissions.ps1 script from"
            " build/release logs and execute it, or set them from the Azure portal.",
            None,
        ),
    ],
)
def test_the_key_vault_tasks_access_denied_wording_names_its_family(
    wording: str, family: str | None
) -> None:
    assert family_of(wording) == family
