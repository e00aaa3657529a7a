"""How the Azure Identity libraries (Python, Java, .NET, Go) and the Azure CLI word a developer
tool's sign-in that met a claims challenge (an MFA / Conditional Access step-up: named
entra-interaction-required), and the "not signed in" wordings of Azure Identity for Python
(AzurePowerShellCredential's 'Please run "Connect-AzAccount" to set up account',
AuthenticationRequiredError), Azure Identity for Go (AuthenticationRequiredError) and the Azure
CLI ("Can't find token from MSAL cache"): named entra-session-expired, the class of the same
credentials' wordings in the other languages. Near misses from the same credentials (a tool not
installed, an execution policy, no managed identity, an empty shared cache, a runbook line that
signs in with -ClaimsChallenge) name nothing. Each rule's producer is cited beside it in
orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

CLAIMS = "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure Identity for Python, AzurePowerShellCredential with claims
        (
            "azure.identity._exceptions.CredentialUnavailableError: Failed to get token. Run"
            f" Connect-AzAccount --ClaimsChallenge {CLAIMS}",
            "entra-interaction-required",
        ),
        # Azure Identity for Java, AzurePowerShellCredential with claims
        (
            "com.azure.identity.CredentialUnavailableException: Failed to get token. Claims"
            " challenges are not supported by AzurePowerShellCredential. Run Connect-AzAccount"
            f" -ClaimsChallenge '{CLAIMS}' -Tenant 72f988bf to handle the claims challenge.",
            "entra-interaction-required",
        ),
        # Azure Identity for Java, AzureCliCredential with claims
        (
            "com.azure.identity.CredentialUnavailableException: Failed to get token. Claims"
            " challenges are not supported by AzureCliCredential. Run az login"
            f" --claims-challenge {CLAIMS} to handle the claims challenge.",
            "entra-interaction-required",
        ),
        # the Azure CLI's remedy under an MFA step-up
        (
            "ERROR: Run the command below to authenticate interactively; additional arguments may"
            f' be added as needed:\naz logout\naz login --claims-challenge "{CLAIMS}" --scope'
            " https://management.core.windows.net//.default",
            "entra-interaction-required",
        ),
        # Azure Identity for .NET, AzureDeveloperCliCredential (named before this change by the family's
        # "requires multi-factor authentication"; kept as the producer's form)
        (
            "Azure.Identity.CredentialUnavailableException: Azure Developer CLI authentication"
            " requires multi-factor authentication or additional claims. Please run 'azd auth"
            " login --claims <claims>' to re-authenticate with the required claims. After"
            " completing login, retry the operation.",
            "entra-interaction-required",
        ),
        # Azure Identity for Go, AzurePowerShellCredential with claims (named before this change by the family's
        # "requires multi-factor authentication"; kept as the producer's form)
        (
            "AzurePowerShellCredential.GetToken(): Azure PowerShell requires multifactor"
            " authentication or additional claims. Run this command then retry the operation:"
            f" Connect-AzAccount -TenantId 'contoso.onmicrosoft.com' -ClaimsChallenge '{CLAIMS}'",
            "entra-interaction-required",
        ),
        # Azure Identity for Go's AuthenticationRequiredError:
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
        # the Azure CLI's own token lookup with an empty MSAL cache
        (
            "ERROR: Can't find token from MSAL cache.\nTo re-authenticate, please run:\naz login",
            "entra-session-expired",
        ),
        # Azure Identity for Python's 'to set up account' and AuthenticationRequiredError
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
    ],
)
def test_credential_wording_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a runbook that signs in with the claims is no failure
        f"PS> Connect-AzAccount -Tenant $tenantId -ClaimsChallenge {CLAIMS}\n"
        "Account          SubscriptionName TenantId Environment",
        # az's remedy without a claims challenge does not show a step-up
        "ERROR: Run the command below to authenticate interactively; additional arguments may be"
        " added as needed:\naz logout\naz login",
        # the same credentials' other unavailability reasons
        "azure.identity._exceptions.CredentialUnavailableError: Az.Account module >= 2.2.0 is not"
        " installed",
        "CredentialUnavailableError: Execution policy prevented invoking Azure PowerShell",
        "CredentialUnavailableError: PowerShell is not installed",
        "CredentialUnavailableError: Azure CLI not found on path",
        "ManagedIdentityCredential authentication unavailable. No identity has been assigned to"
        " this resource.",
        "SharedTokenCacheCredential authentication unavailable. No accounts were found in the"
        " cache.",
    ],
)
def test_credential_near_miss_names_nothing(wording: str) -> None:
    assert family_of(wording) is None
