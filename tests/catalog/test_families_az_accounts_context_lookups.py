"""How Az.Accounts (Azure PowerShell's sign-in and context module) words its own lookups, from its
resource strings (Resources.Designer.cs): a subscription it cannot find among the signed-in
account's (arm-not-found, the class of az's "Subscription '<x>' not found"), a tenant it cannot find
(entra-tenant), and no usable signed-in context (entra-session-expired, the class of "Run
Connect-AzAccount to login."). Its messages that do not show one cause name nothing: a tenant
domain whose sign-in failed for any reason, a tenant or subscription not given, a tenant it could
not authenticate with, a disabled subscription's warning. The producer is cited in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        (
            "Set-AzContext: Subscription 00000000-0000-0000-0000-000000000000 was not found in"
            " tenant 11111111-1111-1111-1111-111111111111. Please verify that the subscription"
            " exists in this tenant.",
            "arm-not-found",
        ),
        # AzSK's troubleshooting table quotes it without the IDs
        (
            "Subscription xxxx was not found in tenant. Please verify that the subscription exists"
            " in this tenant.",
            "arm-not-found",
        ),
        (
            "Select-AzSubscription : Unable to find subscription with name 'Production'.\nAt line:1"
            " char:1",
            "arm-not-found",
        ),
        ("Set-AzContext : Provided subscription 'Prod-Sub' does not exist.", "arm-not-found"),
        (
            'Connect-AzAccount : The provided subscription ID "my-sub" is not a valid Guid.',
            "arm-not-found",
        ),
        ("Set-AzContext : Unable to find tenant 'contoso.onmicrosoft.com'.", "entra-tenant"),
        (
            "Set-AzContext : Unable to find tenant '72f988bf-86f1-41af-91ab-2d7cd011db47'.",
            "entra-tenant",
        ),
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
    ],
)
def test_az_accounts_lookup_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # said after any failed sign-in to the domain (a wrong secret too)
        "Error trying to authenticate to Azure. Error was ClientSecretCredential authentication"
        " failed:  Could not find tenant id for provided tenant domain 'contoso.com'. Please"
        " ensure that the provided service principal 'app' is found in the provided tenant"
        " domain.",
        "Set-AzContext : Please provide a valid tenant or a valid subscription.",
        "Set-AzContext : Please provide a valid tenant Id on the command line or execute"
        " Connect-AzAccount.",
        "Connect-AzAccount : Could not authenticate with tenant"
        " 11111111-1111-1111-1111-111111111111. Please ensure that your account has access to"
        " this tenant and log in with Connect-AzAccount",
        "WARNING: Selected subscription is in 'Disabled' state.",
    ],
)
def test_az_accounts_message_without_one_cause_names_nothing(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # other products' own tenant lookups say the same words of a tenant that is no Entra ID
        # tenant (a name or a number, neither a GUID nor a domain): the OpenStack Chef cookbooks'
        # identity provider (Chef::Log.error("Unable to find tenant '#{tenant_name}'")), ManageIQ's
        # chargeback ("Unable to find tenant '#{@options[:tenant_id]}'. Calculating chargeback costs
        # aborted."), a NestJS service's UnprocessableEntityException(`Unable to find tenant
        # '${tenantId}'`)
        "[2016-01-01T00:00:00+00:00] ERROR: Unable to find tenant 'admin'",
        "Unable to find tenant '5'. Calculating chargeback costs aborted.",
        "UnprocessableEntityException: Unable to find tenant 'acme'",
    ],
)
def test_another_products_tenant_lookup_names_nothing(wording: str) -> None:
    assert family_of(wording) is None
