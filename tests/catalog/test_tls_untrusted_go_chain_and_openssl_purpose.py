"""Certificate chains a verifier will not accept for the server, in Go's, OpenSSL's and the JDK's words.

Go crypto/x509 (golang/go src/crypto/x509/verify.go CertificateInvalidError.Error, SystemRootsError):
a CA in the chain that may not sign what it signed (not a CA, name constraints, EKU, path length, an
issuer name that is not the issuer's subject) and a system without any CA bundle; on macOS (Go 1.18+
root_darwin.go) every other failure of the system verifier is "x509: " and macOS's description
("“<name>” certificate is not trusted" / "is not standards compliant" / "is revoked").
OpenSSL's X509_verify_cert_error_string (crypto/x509/x509_txt.c): an unsuitable purpose, a CA without
certificate signing, name-constraint violations, an unhandled critical extension, as curl, OpenSSL,
s_client and Node.js report them. OpenJDK's T_NO_TRUST_ANCHOR through the handshake's exception.
WinHTTP / WinINet 12170 (a revoked certificate), as CRYPT_E_REVOKED already is.

An expired certificate stays the tls-certificate-validity condition in every one of these producers
(no family is named by expiry alone)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # Go: verify.go reasons, as crypto/tls and net/http wrap them
        'Get "https://management.azure.com/subscriptions": tls: failed to verify certificate: '
        "x509: certificate is not authorized to sign other certificates",
        "x509: a root or intermediate certificate is not authorized to sign for this name: "
        'DNS name "management.azure.com" is not permitted by any constraint',
        "x509: a root or intermediate certificate is not authorized for an extended key usage: "
        "permitted EKUs [1.3.6.1.5.5.7.3.2] do not include [1.3.6.1.5.5.7.3.1]",
        "tls: failed to verify certificate: x509: too many intermediates for path length constraint",
        "x509: issuer name does not match subject from issuing certificate",
        "x509: issuer has name constraints but leaf contains unknown or unconstrained name: ",
        # Go: no CA bundle on the system (a scratch / distroless image without ca-certificates)
        'Error: Post "https://login.microsoftonline.com/tenant/oauth2/v2.0/token": '
        "x509: failed to load system roots and no roots provided",
        # Go on macOS: the system verifier's own descriptions
        'Get "https://login.microsoftonline.com/x": tls: failed to verify certificate: '
        "x509: “Zscaler Intermediate Root CA” certificate is not trusted",
        "unable to request metadata: unable to dial: tls: failed to verify certificate: "
        "x509: “Redpanda” certificate is not trusted",
        'Get "https://registry.contoso.local/v2/": tls: failed to verify certificate: '
        "x509: “registry.contoso.local” certificate is not standards compliant",
        "x509: “proxy.contoso.com” certificate is revoked",
        # OpenSSL verify reasons through curl, OpenSSL, s_client and Node.js
        "curl: (60) SSL certificate problem: unsuitable certificate purpose",
        "curl: (60) SSL certificate problem: key usage does not include certificate signing",
        "curl: (60) SSL certificate problem: permitted subtree violation",
        "curl: (60) SSL certificate problem: excluded subtree violation",
        "curl: (60) SSL certificate problem: unhandled critical extension",
        "verify error:num=26:unsupported certificate purpose",
        "error:0A000086:SSL routines::certificate verify failed: unsuitable certificate purpose",
        "FetchError: request to https://registry.npmjs.org/x failed, reason: unsuitable certificate purpose",
        # OpenJDK: the trust-anchor failure as the handshake throws it
        "javax.net.ssl.SSLHandshakeException: No trusted certificate found",
        "java.security.cert.CertificateException: No trusted certificate found",
        # WinHTTP / WinINet 12170
        "Error 12170 calling WinHttpSendRequest: ERROR_WINHTTP_SECURE_CERT_REVOKED",
        "ERROR_INTERNET_SEC_CERT_REVOKED",
        "Windows Update failed with error 0x80072F8A",
        "HRESULT -2147012726",
    ],
)
def test_chain_a_verifier_will_not_accept_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    "text",
    [
        # expiry in the same producers' words: the validity condition, no family
        'Get "https://api.contoso.com": x509: certificate has expired or is not yet valid: '
        "“api.contoso.com” certificate is expired",
        "curl: (60) SSL certificate problem: certificate has expired",
        # the OpenSSL words in a CA tool's report, not a verifier's failure
        "openssl x509 -purpose shows: SSL server : No, unsuitable certificate purpose for this profile",
        "Extension marked critical: unhandled critical extension policy documented in the CPS",
        # a macOS keychain listing, not Go's verifier
        "security verify-cert: “Contoso Root” certificate details listed",
        # the JDK words without an exception: a product's own status line
        "Keystore scan: No trusted certificate found for alias 'backup' (skipped)",
    ],
)
def test_near_misses_are_not_tls_untrusted(text):
    assert family_of(text) != "tls-untrusted"
