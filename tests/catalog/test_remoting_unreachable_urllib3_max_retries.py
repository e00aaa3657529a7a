"""urllib3's MaxRetryError at the WinRM endpoint (/wsman), as pywinrm, pypsrp and Ansible's winrm
connection plugin ("<transport>: <error>", UNREACHABLE!) print it: with its cause cut off, the
client got no answer from the node's listener (remoting-unreachable); a printed cause decides."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_POOL = "HTTPSConnectionPool(host='192.0.2.40', port=5986): Max retries exceeded with url: /wsman"


@pytest.mark.parametrize(
    "text",
    [
        f'fatal: [dc01]: UNREACHABLE! => {{"changed": false, "msg": "ssl: {_POOL}',
        f"winrm.exceptions.WinRMTransportError: {_POOL}",
        'fatal: [win1]: UNREACHABLE! => {"changed": false, "msg": "plaintext: HTTPConnectionPool('
        'host=\'win1\', port=5985): Max retries exceeded with url: /wsman", "unreachable": true}',
        f"requests.exceptions.ConnectionError: {_POOL}",
    ],
)
def test_a_max_retries_error_at_wsman_without_its_cause_is_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"


@pytest.mark.parametrize(
    ("cause", "family"),
    [
        (
            "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to "
            "establish a new connection: [Errno -2] Name or service not known')",
            "network-dns",
        ),
        (
            "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate "
            "verify failed: self signed certificate (_ssl.c:1123)'))",
            "remoting-certificate",
        ),
        (
            "ProtocolError('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
            "network-reset",
        ),
        (
            "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to "
            "establish a new connection: [Errno 111] Connection refused')",
            "remoting-unreachable",
        ),
    ],
)
def test_a_printed_cause_decides(cause, family):
    text = f'fatal: [win1]: UNREACHABLE! => {{"msg": "ntlm: {_POOL} (Caused by {cause})"}}'
    assert diagnose(text).family == family


@pytest.mark.parametrize(
    "text",
    [
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='management.azure.com', "
        "port=443): Max retries exceeded with url: /subscriptions?api-version=2020-01-01",
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8080): Max "
        "retries exceeded with url: /wsmanager/health",
    ],
)
def test_a_max_retries_error_at_another_url_is_not_remoting_unreachable(text):
    assert diagnose(text).family != "remoting-unreachable"
