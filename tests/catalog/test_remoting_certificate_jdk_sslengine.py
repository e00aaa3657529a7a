"""remoting-certificate: the JDK SSLEngine's "General SSLEngine problem" on a request to the WinRM
HTTPS listener (/wsman, port 5986).

OpenJDK 8 sun/security/ssl/SSLEngineImpl.java fatal() uses "General SSLEngine problem" as the
diagnostic when the cause carries none, as the trust manager's CertificateException does (the
PKIX or hostname failure is then only in the "Caused by" chain). winrm4j (CXF over the SSLEngine)
prints it as "SSLHandshakeException invoking https://<node>:5986/wsman: General SSLEngine
problem" (development: cloudsoft/winrm4j issue 98, a self-signed listener certificate).

Guard: the same wrapper from another Java client (no WinRM endpoint) is not remoting.
"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


def test_general_sslengine_problem_at_the_wsman_listener_is_remoting_certificate():
    text = (
        "Caused by: javax.net.ssl.SSLHandshakeException: SSLHandshakeException invoking "
        "https://10.1.10.5:5986/wsman: General SSLEngine problem"
    )
    assert diagnose(text).family == "remoting-certificate"


@pytest.mark.parametrize(
    "text",
    [
        "io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: General SSLEngine problem",
        "akka.stream.StreamTcpException: TLS handshake failed: javax.net.ssl.SSLHandshakeException: "
        "General SSLEngine problem (https://api.example.com:443/v1)",
    ],
)
def test_the_wrapper_elsewhere_is_not_remoting(text):
    assert diagnose(text).family != "remoting-certificate"
