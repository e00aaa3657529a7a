"""How the Azure SDKs' credentials and the token clients built on them word a missing or refused
sign-in: Azure.Identity's developer-tool credentials without a signed-in account (JavaScript,
.NET), MSAL.NET's silent calls without a cached account, hashicorp/go-azure-sdk's refused
client-credentials request, and Azure Cosmos DB's token outside its window. Each rule's producer
is cited beside it in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Azure.Identity for JavaScript and .NET: the tool the credential asks has no signed-in
        # account:
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
        # MSAL.NET's silent calls with no cached account or refresh token
        # MSAL.NET's user_null:
        # never signed in, no family: test_families_entra_session_expired_not_signed_in.py
        (
            "MsalUiRequiredException: No Refresh Token found in the cache. ErrorCode:"
            " no_tokens_found",
            "entra-session-expired",
        ),
        (
            "MsalUiRequiredException: You are trying to acquire a token silently using a login hint."
            " No account was found in the token cache having this login hint.",
            "entra-session-expired",
        ),
        # go-azure-sdk's client-credentials request refused with 401 and no body printed
        (
            "Error: building account: could not acquire access token to parse claims:"
            " clientCredentialsToken: received HTTP status 401 with response: ",
            "entra-client-credential",
        ),
        # Azure Cosmos DB's token outside its window
        (
            "Microsoft.Azure.Documents.ForbiddenException: The authorization token is not valid at"
            " the current time. Please create another token and retry (token start time: Thu, 05"
            " Nov 2020 10:00:00 GMT, token expiry time: Thu, 05 Nov 2020 10:15:00 GMT, current"
            " server time: Thu, 05 Nov 2020 11:00:00 GMT).",
            "token-time",
        ),
    ],
)
def test_the_sdk_credentials_wordings_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the token endpoint's code in go-azure-sdk's response body decides over the bare status
        (
            "Error: clientCredentialsToken: received HTTP status 401 with response:"
            ' {"error":"invalid_client","error_description":"AADSTS700016: Application with'
            " identifier 'x' was not found in the directory 'y'.\"}",
            "entra-app-not-found",
        ),
        (
            "Error: clientCredentialsToken: received HTTP status 400 with response:"
            ' {"error":"invalid_request","error_description":"AADSTS90002: Tenant \'x\' not'
            ' found."}',
            "entra-tenant",
        ),
    ],
)
def test_a_code_beside_the_sdk_wordings_decides(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # Cosmos DB's wrong key or malformed signature: not a time window
        "The input authorization token can't serve the request. The wrong key is being used or the"
        " expected payload is not built as per the protocol.",
        # MSAL.NET's error code alone, without the message
        "MsalUiRequiredException: ErrorCode: user_null",
    ],
)
def test_look_alikes_of_the_sdk_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None
