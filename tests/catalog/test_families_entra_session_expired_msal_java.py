"""MSAL for Java's silent token call with nothing cached for the account (msal4j
AuthenticationErrorMessage.NO_TOKEN_IN_CACHE "Token not found in the cache", an
MsalClientException with the code cache_miss): named entra-session-expired, the class of MSAL.NET's
"No Refresh Token found in the cache". The same sentence outside MSAL's exception names nothing.
The producer is cited in orchestrator/catalog/families.yaml."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "java.util.concurrent.ExecutionException: com.microsoft.aad.msal4j.MsalClientException:"
        " Token not found in the cache\n\tat"
        " java.base/java.util.concurrent.CompletableFuture.reportGet(CompletableFuture.java:396)",
        "MsalClientException: Token not found in the cache",
    ],
)
def test_msal_java_cache_miss_is_session_expired(wording: str) -> None:
    assert family_of(wording) == "entra-session-expired"


def test_the_sentence_outside_msal_names_nothing() -> None:
    assert family_of("Error: token not found in the cache, fetching a new one") is None
