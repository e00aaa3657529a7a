"""The JDK refusing a certificate for its algorithm (jdk.certpath.disabledAlgorithms).

OpenJDK sun.security.ssl SSLContextImpl AbstractTrustManagerWrapper.checkAlgorithmConstraints throws
CertificateException("Certificates do not conform to algorithm constraints") around
sun.security.provider.certpath.AlgorithmChecker's CertPathValidatorException ("Algorithm constraints
check failed on signature algorithm: <alg>", "... on disabled algorithm: ", "... on keysize limits",
BasicReason.ALGORITHM_CONSTRAINED): SHA-1, MD5 or a short key in the server's chain. It is the JDK's
twin of OpenSSL's "CA signature digest algorithm too weak", which the catalog names tls-protocol."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: java.security.cert.CertificateException: "
        "Certificates do not conform to algorithm constraints",
        "Non HTTP response code: javax.net.ssl.SSLHandshakeException/Non HTTP response message: "
        "Certificates do not conform to algorithm constraints",
        "Caused by: java.security.cert.CertPathValidatorException: Algorithm constraints check failed "
        "on signature algorithm: SHA1withRSA",
        "java.security.cert.CertPathValidatorException: Algorithm constraints check failed on disabled "
        "algorithm: MD5withRSA",
        "java.security.cert.CertPathValidatorException: Algorithm constraints check failed on keysize limits",
        "CertPathValidatorException: Algorithm constraints check failed on disabled public key algorithm: DSA",
    ],
)
def test_jdk_algorithm_constraints_are_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    "text",
    [
        # the JDK's validity failure of the same validator is the validity condition, not this
        "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: "
        "java.security.cert.CertPathValidatorException: validity check failed",
        # a policy file's documentation, no failure
        "jdk.certpath.disabledAlgorithms lists the algorithm constraints applied to certificates",
    ],
)
def test_near_misses_are_not_tls_protocol(text):
    assert family_of(text) != "tls-protocol"
