"""Session 9, cycle D: a producer-by-producer sweep of the cloud families (Entra ID, ARM, network,
TLS, proxy). Each wording is the producer's own (its source or error reference, cited beside the
rule in families.yaml); the look-alikes are other products' texts with the same words for
another cause."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Az.Accounts: a tenant's MFA / Conditional Access stops the silent sign-in
        (
            "Connect-AzAccount: Authentication failed against tenant organizations. User interaction"
            " is required. This may be due to the conditional access policy settings such as"
            " multi-factor authentication (MFA). If you need to access subscriptions in that"
            " tenant, please rerun 'Connect-AzAccount' with additional parameter '-TenantId"
            " organizations'.",
            "entra-interaction-required",
        ),
        (
            "Authentication failed against resource https://graph.microsoft.com. User interaction is"
            " required. This may be due to the conditional access policy settings such as\n"
            "multi-factor authentication (MFA). Please rerun 'Connect-AzAccount' with additional"
            " parameter '-AuthScope https://graph.microsoft.com'.",
            "entra-interaction-required",
        ),
        # kubectl: the API server's port refused the connection
        (
            "The connection to the server localhost:8080 was refused - did you specify the right"
            " host or port?",
            "network-refused",
        ),
        (
            "E1207 14:02:11.123456   812 memcache.go:265] couldn't get current server API group list\n"
            "The connection to the server 10.0.0.10:6443 was refused - did you specify the right"
            " host or port?",
            "network-refused",
        ),
        # hyper / reqwest: the peer closed before the response was complete
        (
            'reqwest::Error { kind: Request, url: "https://management.azure.com/", source:'
            " hyper::Error(IncompleteMessage) }",
            "network-reset",
        ),
        (
            "Error: error sending request for url (https://login.microsoftonline.com/contoso/oauth2/"
            "v2.0/token): connection closed before message completed",
            "network-reset",
        ),
        # undici (Node.js fetch): the peer ended the socket mid-request
        (
            "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13\n"
            "  [cause]: SocketError: other side closed",
            "network-reset",
        ),
        # Ansible's SSLValidationError, alone (the exception text cut off)
        (
            'fatal: [node1]: FAILED! => {"changed": false, "msg": "Failed to validate the SSL'
            " certificate for packages.contoso.com:443. Make sure your managed systems have a valid"
            ' CA certificate installed."}',
            "tls-untrusted",
        ),
        (
            "msg: Failed to validate the SSL certificate for download.contoso.com:443. Use"
            " validate_certs=no or make sure your managed systems have a valid CA certificate"
            " installed.",
            "tls-untrusted",
        ),
        # az connectedk8s: the region is not among the provider's locations
        (
            "ERROR: Connected cluster resource creation is supported only in the following"
            " locations: eastus, westeurope. Use the --location flag to specify one of these"
            " locations.",
            "arm-location",
        ),
    ],
)
def test_a_producers_own_wording_names_its_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Ansible's wrapper is weak: the reason it appends decides
        (
            "Failed to validate the SSL certificate for old.contoso.com:443. Make sure your managed"
            " systems have a valid CA certificate installed. The exception msg was: [SSL:"
            " UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1129).",
            "tls-protocol",
        ),
    ],
)
def test_a_producers_generic_wrapper_yields_to_the_reason_beside_it(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a server runtime (Deno / Supabase edge functions) logs hyper's words when its client left
        "Http: connection closed before message completed",
        "[Error] Http: connection closed before message completed at async Server.#respond",
        # "other side closed" as a sentence, not undici's error
        "The ticket was reassigned after the other side closed the conversation.",
        # "User interaction is required" from an installer, no sign-in
        "Error 1603: User interaction is required to complete the installation.",
    ],
)
def test_look_alikes_of_the_producers_wordings_are_not_named(wording: str) -> None:
    assert family_of(wording) is None
