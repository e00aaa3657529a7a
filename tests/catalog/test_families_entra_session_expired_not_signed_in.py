"""entra-session-expired is "The cached sign-in expired or was revoked; sign in again". A tool that
was never signed in (or was signed out) has no sign-in to expire: its "not signed in" wordings name
no family (decided in session 11, cycle K, the corpus README's "Decided classes": the development
set's one text of the class, Terraform's "Please run 'az login' to setup account", is labelled no
family, and every text labelled entra-session-expired shows an expiry, a revocation or a token gone
from the cache). The expiry wordings of the same producers stay named. Producers cited in
orchestrator/catalog/families.yaml (entra-session-expired)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        # openillumi.com/?p=107217 (the twenty-third set): Terraform's azurerm provider over az
        "Error: unable to build authorizer for Resource Manager API: could not configure AzureCli"
        " Authorizer: obtaining subscription ID: obtaining account details: running Azure CLI: exit"
        " status 1: ERROR: Please run 'az login' to setup account.",
        # az's _AZ_LOGIN_MESSAGE itself, and Azure Identity for Python's twin
        "ERROR: Please run 'az login' to setup account.",
        "azure.identity._exceptions.CredentialUnavailableError: Please run 'az login' to set up an"
        " account",
        'azure.identity._exceptions.CredentialUnavailableError: Please run "Connect-AzAccount" to'
        " set up account",
        # Az.Accounts with no signed-in context
        "Get-AzSubscription : Run Connect-AzAccount to login.",
        "Get-AzVM : Context cannot be null.  Please log in using Connect-AzAccount.",
        "Get-AzResourceGroup : The context is invalid. Please login using Connect-AzAccount.",
        # azd's ErrNoCurrentUser
        "ERROR: not logged in, run `azd auth login` to login",
        # Azure.Identity for JavaScript and .NET: the developer tool has no signed-in account
        "CredentialUnavailableError: Please run 'az login' from a command prompt to authenticate"
        " before using this credential.",
        "AzurePowerShellCredential: Please run 'Connect-AzAccount' from PowerShell to authenticate"
        " before using this credential.",
        'AzureDeveloperCLICredential: please run "azd auth login" from a command prompt to'
        " authenticate before using this credential",
        # the azurerm provider (0.x-1.x) with no az token file at all
        "* provider.azurerm: Azure CLI Authorization Tokens were not found. Please ensure the Azure"
        " CLI is installed and then log-in with `az login`.",
        # MSAL.NET's silent call with no account, the SDKs' AuthenticationRequiredError
        "Microsoft.Identity.Client.MsalUiRequiredException: No account or login hint was passed to"
        " the AcquireTokenSilent call. \n   ErrorCode: user_null",
        "DeviceCodeCredential.get_token failed: Interactive authentication is required to get a"
        " token. Call 'authenticate' to begin.",
        "InteractiveBrowserCredential can't acquire a token without user interaction. Call"
        " Authenticate to authenticate a user interactively",
    ],
)
def test_never_signed_in_names_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    "wording",
    [
        # azd's ReLoginRequiredError (Entra ID refused the cached sign-in)
        "Error: reauthentication required, run `azd auth login` to log in",
        "Suggestion: login expired, run `azd auth login` to acquire a new token.",
        # az: the signed-in account's token gone from the cache, or expired
        "Could not retrieve token from local cache. Please run 'az login'.",
        "ERROR: Can't find token from MSAL cache.\nTo re-authenticate, please run:\naz login",
        "provider.azurerm: No valid (unexpired) Azure CLI Auth Tokens found. Please run `az login`.",
        # the expiry beside a "not signed in" remedy still names the family
        "ERROR: AADSTS700082: The refresh token has expired due to inactivity. The token was issued"
        " on 2024-01-28T19:43:52Z and was inactive for 90.00:00:00.\nPlease run 'az login' to"
        " setup account.",
        "MsalUiRequiredException: No Refresh Token found in the cache. ErrorCode: no_tokens_found",
    ],
)
def test_an_expired_or_revoked_sign_in_stays_named(wording: str) -> None:
    assert family_of(wording) == "entra-session-expired"
