"""curl's and git's own wordings for a proxy, a CA bundle and a GnuTLS handshake alert.

curl/curl lib/http.c "The requested URL returned error: %d" (--fail; git prints it after "unable to
access"): 407 is only a proxy's (RFC 9110 15.5.8): proxy; any other status names nothing.
curl/curl lib/proxy.c / lib/peer.c "Unsupported proxy syntax in '<proxy>'" / "Unsupported proxy scheme
for": the proxy setting is malformed: proxy.
curl/curl lib/vtls/openssl.c CURLE_SSL_CACERT_BADFILE (77) in its three generations ("error adding
trust anchors from ...", "error setting certificate file|path: ...", "error setting certificate verify
locations:"): the CA bundle is missing, so no server can be verified: tls-untrusted, as Go's
SystemRootsError; curl's "..., continuing anyway" notes are no failure.
GnuTLS GNUTLS_E_FATAL_ALERT_RECEIVED ("A TLS fatal alert has been received.") around the handshake:
weak tls-protocol, as SEC_E_ILLEGAL_MESSAGE."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "fatal: unable to access 'https://dev.azure.com/org/_git/repo/': The requested URL returned error: 407",
            "proxy",
        ),
        ("curl: (22) The requested URL returned error: 407", "proxy"),
        (
            "fatal: unable to access 'https://github.com/org/repo.git/': "
            "Unsupported proxy syntax in 'http://user:p@ss@proxy.contoso.com:8080': Port number was not a decimal number",
            "proxy",
        ),
        ("curl: (5) Unsupported proxy scheme for 'htp://proxy.contoso.com:8080'", "proxy"),
        (
            "fatal: unable to access 'https://github.com/org/repo.git/': error setting certificate verify locations:  "
            "CAfile: C:/Program Files/Git/mingw64/ssl/certs/ca-bundle.crt CApath: none",
            "tls-untrusted",
        ),
        (
            "curl: (77) error setting certificate file: /etc/pki/tls/certs/ca-bundle.crt",
            "tls-untrusted",
        ),
        (
            "curl: (77) error adding trust anchors from file: /etc/ssl/certs/ca-certificates.crt",
            "tls-untrusted",
        ),
        (
            "fatal: unable to access 'https://github.com/org/repo.git/': gnutls_handshake() failed: "
            "A TLS fatal alert has been received.",
            "tls-protocol",
        ),
        (
            "curl: (56) GnuTLS recv error (-12): A TLS fatal alert has been received.",
            "tls-protocol",
        ),
    ],
)
def test_curl_and_git_wordings_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # a reached server's own refusals
        "fatal: unable to access 'https://github.com/org/repo.git/': The requested URL returned error: 403",
        "curl: (22) The requested URL returned error: 404",
        # curl's verbose notes: verification went on
        "* error setting certificate verify locations, continuing anyway",
        "* error setting certificate file, continuing anyway",
    ],
)
def test_near_misses_name_nothing(text):
    assert family_of(text) is None


def test_gnutls_alert_yields_to_a_specific_reason():
    # the weak alert beside a certificate reason: the certificate decides
    text = (
        "gnutls_handshake() failed: A TLS fatal alert has been received.\n"
        "server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none"
    )
    assert family_of(text) == "tls-untrusted"
