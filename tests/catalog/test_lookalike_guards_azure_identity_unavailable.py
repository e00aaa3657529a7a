"""Azure Identity's "credential unavailable" messages in each language (.NET, Python, JavaScript,
Go) and the DefaultAzureCredential chain that lists them: a credential that is not configured or
whose tool is not installed here (no environment variables, no managed identity endpoint, no
Azure CLI / PowerShell / azd, an unconfigured workload identity, an empty or ambiguous shared
cache, a tenant not allowed by the credential's options). None is an Entra ID cause that the
catalog has a family for, so each names nothing; the credential wordings that do show an Entra
cause (an AADSTS code, a claims challenge, "az login" needed) are named in
test_families_azure_identity_claims_challenge_and_sign_in.py and
test_families_azure_sdk_credentials.py. Wordings from Azure/azure-sdk-for-net
sdk/identity/Azure.Identity, Azure/azure-sdk-for-python sdk/identity/azure-identity,
Azure/azure-sdk-for-js sdk/identity/identity and Azure/azure-sdk-for-go sdk/azidentity."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        # .NET
        "EnvironmentCredential authentication unavailable. Environment variables are not fully"
        " configured. See the troubleshooting guide for more information."
        " https://aka.ms/azsdk/net/identity/environmentcredential/troubleshoot",
        "ManagedIdentityCredential authentication unavailable. Multiple attempts failed to obtain"
        " a token from the managed identity endpoint.",
        "ManagedIdentityCredential authentication unavailable. No response received from the"
        " managed identity endpoint.",
        "VisualStudioCodeCredential authentication unavailable. Token acquisition failed. Ensure"
        " that you have authenticated in VSCode Azure Account.",
        "AzureDeveloperCliCredential authentication failed: Azure Developer CLI could not be"
        " found.",
        "AzurePowerShellCredential authentication failed: Az.Accounts module >= 2.2.0 is not"
        " installed.",
        "WorkloadIdentityCredential authentication unavailable. The workload options are not"
        " fully configured. See the troubleshooting guide for more information.",
        "SharedTokenCacheCredential authentication unavailable. Multiple accounts found in the"
        " cache. Use the AZURE_USERNAME environment variable to disambiguate.",
        "ERROR: AzureCliCredential: The current credential is not configured to acquire tokens"
        " for tenant 11111111-1111-1111-1111-111111111111. To enable acquiring tokens for this"
        " tenant add it to the AdditionallyAllowedTenants on the credential options, or add"
        ' "*" to AdditionallyAllowedTenants to allow acquiring tokens for any tenant.',
        # Go
        "EnvironmentCredential: missing environment variable AZURE_TENANT_ID",
        "WorkloadIdentityCredential: no client ID specified. Check pod configuration or set"
        " ClientID in the options",
        "AzureDeveloperCLICredential: Azure Developer CLI not found on path",
        # JavaScript
        "CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Message"
        " Attempted to use the IMDS endpoint, but it is not available.",
        "CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying"
        " credential could be used. To troubleshoot, visit"
        " https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
        # Python, the whole chain with nothing signed in or configured
        "DefaultAzureCredential failed to retrieve a token from the included credentials."
        " Attempted credentials:\n\tEnvironmentCredential: EnvironmentCredential authentication"
        " unavailable. Environment variables are not fully configured.\n\t"
        "ManagedIdentityCredential: ManagedIdentityCredential authentication unavailable, no"
        " response from the IMDS endpoint.\n\tSharedTokenCacheCredential:"
        " SharedTokenCacheCredential authentication unavailable. No accounts were found in the"
        " cache.\n\tAzureCliCredential: Azure CLI not found on path\n\tAzurePowerShellCredential:"
        " PowerShell is not installed\nTo mitigate this issue, please refer to the troubleshooting"
        " guidelines here at"
        " https://aka.ms/azsdk/python/identity/defaultazurecredential/troubleshoot.",
    ],
)
def test_credential_unavailable_names_nothing(wording: str) -> None:
    assert family_of(wording) is None
