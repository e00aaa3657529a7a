"""Clock skew in the words of the Azure Pipelines agent and the GitHub Actions runner (no token
named), ARM's blocked resource-group deletion and the provider-registration refusal in the
portal's and services' words; and the look-alikes set 21 showed: IdentityModel's IDX10225 (a token
without an expiry claim), Pulumi's LocationRequired (a missing field, not a refused region) and
another service's HTTP 429 (GitHub's, while the runner downloads an action). Sources are cited
beside each rule in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "Testing agent connection.\nThe local machine's clock may be out of sync with the server"
        " time by more than five minutes. Please sync your clock with\n your domain or internet time"
        " and try again.",
        "[ERR  MessageListener] Microsoft.VisualStudio.Services.OAuth.VssOAuthTokenRequestException:"
        " The bearer <secret removed> expired on 1/17/2020 4:03:15 PM. Current server time is"
        " 1/17/2020 5:54:21 PM.",
        "VssOAuthTokenRequestException: The bearer token is not valid until 3/2/2024 10:00:00 AM."
        " Current server time is 3/2/2024 9:51:02 AM.",
        # IdentityModel's lifetime failures keep the family
        "IDX10223: Lifetime validation failed. The token is expired. ValidTo: '1/1/2024 10:00:00',"
        " Current time: '1/1/2024 11:00:00'.",
        "IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: '1/1/2024"
        " 10:05:00', Current time: '1/1/2024 10:00:00'.",
    ],
)
def test_clock_skew_and_lifetime_failures_name_token_time(wording: str) -> None:
    assert family_of(wording) == "token-time"


@pytest.mark.parametrize(
    "wording",
    [
        "Microsoft.IdentityModel.Tokens.SecurityTokenNoExpirationException: IDX10225: Lifetime"
        " validation failed. The token is missing an Expiration Time.\nTokentype:"
        " 'System.IdentityModel.Tokens.Jwt.JwtSecurityToken'.",
        # IDX10224: the token's own nbf is after its exp (the issuer's fault, not a clock)
        "Microsoft.IdentityModel.Tokens.SecurityTokenInvalidLifetimeException: IDX10224: Lifetime"
        " validation failed. The NotBefore: '01/01/2024 10:00:00' is after Expires: '01/01/2024"
        " 09:00:00'.",
        'error: Code="LocationRequired" Message="The location property is required for this'
        ' definition."',
        "Warning: Failed to download action 'https://api.github.com/repos/aws-actions/"
        "configure-aws-credentials/tarball/e3dd6a429d7300a6a4c196c26e071d42e0343502'. Error:"
        " Response status code does not indicate success: 429 (Too Many Requests).\nWarning: Back"
        " off 27.472 seconds before retry.",
        # az's own notice before it registers the provider itself
        "Resource provider 'Microsoft.Storage' used by this operation is not registered. We are"
        " registering for you.",
    ],
)
def test_look_alikes_name_no_token_time_or_arm_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        "ERROR: (TooManyRequests) Too many requests. Status: 429 (Too Many Requests)",
        "Status: 429 (Too Many Requests) ErrorCode: SubscriptionRequestsThrottled",
        "GET https://management.azure.com/subscriptions/0/resourcegroups?api-version=2021-04-01"
        "\n--------------------------------------------------------------------------------\nRESPONSE"
        " 429: 429 Too Many Requests",
    ],
)
def test_arms_own_429_keeps_arm_throttling(wording: str) -> None:
    assert family_of(wording) == "arm-throttling"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            'Reason: [{"error":{"code":"ResourceGroupDeletionBlocked","message":"Deletion of'
            " resource group 'rg1' failed as resources with identifiers"
            " 'Microsoft.HealthBot/healthBots/bot1' could not be deleted. The provisioning state of"
            ' the resource group will be rolled back.","details":[{"message":"{\\"error\\":{\\"code'
            '\\":\\"400\\",\\"message\\":\\"Resource not in terminal state. Wait until resource is in'
            ' terminal provisioningState and try again\\"}}"}]}}]',
            "arm-conflict",
        ),
        (
            '{"Error":{"Code":"ResourceGroupDeletionBlocked","Message":"Deletion of resource group'
            " 'rg1' failed as resources with identifiers 'Microsoft.DataMigration/services/dms1'"
            ' could not be deleted."}}',
            "arm-conflict",
        ),
        # the message without its code, as Remove-AzResourceGroup prints it
        (
            "Remove-AzResourceGroup : Deletion of resource group 'rg1' failed as resources with"
            " identifiers 'Microsoft.RecoveryServices/vaults/v1' could not be deleted. The"
            " provisioning state of the resource group will be rolled back. The tracking Id is"
            " 'x'. Please check audit logs for more details.",
            "arm-conflict",
        ),
        # a resource group still being deleted, and a resource whose delete is still pending
        (
            "==> azure-arm: ERROR: -> ResourceGroupBeingDeleted : The resource group"
            " 'pkr-Resource-Group-x' is in deprovisioning state and cannot perform this operation.",
            "arm-conflict",
        ),
        (
            "vagrant up: The resource group 'vagrant' is in deprovisioning state and cannot perform"
            " this operation.",
            "arm-conflict",
        ),
        (
            "FailedIdentityOperation: Identity operation for resource failed with error 'Failed to"
            " perform resource identity operation. Status: 'Conflict'. Response: 'Request specified"
            " that resource is new, but resource already exists. This may be due to a pending delete"
            " operation, try again later.'",
            "arm-conflict",
        ),
        # a details code of another family says more than the weak wrapper
        (
            '{"Error":{"Code":"ResourceGroupDeletionBlocked","Message":"Deletion of resource group'
            ' \'rg1\' failed.","Details":[{"Message":"AuthorizationFailed: The client \'x\' with'
            " object id 'y' does not have authorization to perform action"
            " 'Microsoft.Network/virtualNetworks/delete' over scope 'z' or the scope is invalid.\"}]}}",
            "arm-authorization",
        ),
        (
            "リソースプロバイダー Microsoft.Compute はサブスクリプション <サブスクリプション名> に登録されておらず、"
            "サブスクリプション <サブスクリプション名> のリソースプロバイダーを登録するためのアクセス許可がありません。",
            "arm-provider-registration",
        ),
        # ParentResourceNotFound's message without its code
        (
            "Deployment failed. Can not perform requested operation on nested resource. Parent"
            " resource 'sqlserver1' not found.",
            "arm-not-found",
        ),
        (
            "The resource provider 'Microsoft.PolicyInsights' is not registered in subscription"
            " '00000000-0000-0000-0000-000000000000'. See"
            " https://aka.ms/policy-register-subscription for how to register subscriptions.",
            "arm-provider-registration",
        ),
    ],
)
def test_arm_deletion_blocked_and_provider_registration_in_other_words(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family
