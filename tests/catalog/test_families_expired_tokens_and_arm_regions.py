"""Microsoft APIs' refusals of an expired access or SAS token (Power BI REST, Microsoft Graph, Key
Vault, Managed HSM, Service Bus / Event Hubs) and Compute's and ARM's region refusals in their own
words, plus ARM's answer for a management group scope. Each rule's producer is cited beside it in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from orchestrator.catalog.families import load_families
from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Power BI REST (powerbi-docs troubleshoot-rest-api.md), with and without its JSON
        (
            "HTTP/1.1 403 Forbidden\n"
            '{"error":{"code":"TokenExpired","message":"Access token has expired, resubmit with a'
            ' new access token"}}',
            "token-time",
        ),
        ("403 Forbidden\nAccess token has expired, resubmit with a new access token", "token-time"),
        # Microsoft Graph's older InvalidAuthenticationToken wording
        (
            '{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired.",'
            '"innerError":{"date":"2020-06-01T10:00:00"}}}',
            "token-time",
        ),
        # Key Vault's data plane and Managed HSM
        (
            "ClientAuthenticationError: (Unauthorized) [TokenExpired] Error validating token:"
            " 'S2S12086'.\nCode: Unauthorized",
            "token-time",
        ),
        (
            "(Unauthorized) Token not yet valid (Activity ID: 8d1c0b1e-0000-0000-0000-000000000000)",
            "token-time",
        ),
        # Service Bus / Event Hubs: the CBS link, the .NET clients, REST, the ACS era
        (
            "System.UnauthorizedAccessException: Put token failed. status-code: 401,"
            " status-description: ExpiredToken: .",
            "token-time",
        ),
        (
            "Error: 401 - ExpiredToken: . TrackingId:0000,TimeStamp:4/8/2015 12:32:54 PM",
            "token-time",
        ),
        (
            "MessagingError: ExpiredToken: The token is expired. Expiration time: '2020-06-17"
            " 19:35:26Z'",
            "token-time",
        ),
        (
            "Unknown error (40106: Access Control Service token supplied for this operation has"
            " expired. Retry the operation.)",
            "token-time",
        ),
        # Compute's region and size refusals for a subscription (sku-series-unavailable.md)
        (
            "Message: Your subscription doesn\u2019t support virtual machine creation in West US 3."
            " Choose a different location. Supported locations are East US, West Europe",
            "arm-location",
        ),
        (
            "Your subscription doesn't support virtual machine reservation in westus3. Choose a"
            " different location. Supported locations are: eastus",
            "arm-location",
        ),
        (
            "Code: NotAvailableForSubscription\nMessage: This size is currently unavailable in this"
            " location for this subscription",
            "arm-location",
        ),
        # ARM's InvalidResourceLocation message without its code
        (
            "Template deployment returned the following errors:  The resource 'cim-report-test1'"
            " already exists in location 'westus2' in resource group 'Non-Prod-CIMV2'. A resource"
            " with the same name cannot be created in location 'westus'. Please select a new"
            " resource name.",
            "arm-location",
        ),
    ],
)
def test_expired_tokens_and_region_refusals_name_their_family_in_the_producers_forms(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a client's own note before it refreshes a token, no refusal
        "Loading Microsoft Graph login for default tenant\nAccess token has expired or is no longer"
        " valid; refreshing",
        "The access token has expired; refreshing it now.",
        # a name clash that is not a region's
        "The resource 'vm1' already exists in resource group 'rg1'.",
        "A storage account named 'st1' already exists. Choose another name.",
    ],
)
def test_look_alikes_of_the_expired_token_and_region_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


def test_authorization_failed_at_a_management_group_scope_stays_an_authorization_answer() -> None:
    """ARM answers a read of a management group that does not exist with the same 403
    AuthorizationFailed ("... or the scope is invalid") as a caller without the role
    (Azure/azure-rest-api-specs#9549); the text cannot tell them apart, so the code's family is
    named and its action says to check the group ID first."""
    text = (
        "managementgroups.Client#Get: Failure responding to request: StatusCode=403 -- Original"
        ' Error: autorest/azure: Service returned an error. Status=403 Code="AuthorizationFailed"'
        " Message=\"The client '0' with object id '0' does not have authorization to perform"
        " action 'Microsoft.Management/managementGroups/read' over scope"
        " '/providers/Microsoft.Management/managementGroups/acctestmg' or the scope is invalid.\""
    )
    assert family_of(text) == "arm-authorization"
    action = next(f for f in load_families() if f.id == "arm-authorization").action
    assert "management group" in action
    assert "does not exist" in action
