"""A connect to the WinRM endpoint that failed for want of a route (ENETUNREACH "Network is
unreachable", EHOSTUNREACH "No route to host") is the network path, network-unreachable, in every
client's rendering (urllib3's NewConnectionError inside Ansible / pywinrm / pypsrp, Go's dial
error in Packer and Terraform, pywinrm's WinRMTransport); the refusal and the connect timeout stay
remoting-unreachable (the listener or its firewall)."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_POOL = "HTTPSConnectionPool(host='10.0.0.4', port=5986): Max retries exceeded with url: /wsman"
_NEW = "NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f2>: Failed to establish a new connection: "


@pytest.mark.parametrize(
    "text",
    [
        f'fatal: [win01]: UNREACHABLE! => {{"changed": false, "msg": "ssl: {_POOL} (Caused by '
        f'{_NEW}[Errno 101] Network is unreachable\'))", "unreachable": true}}',
        f'fatal: [win01]: UNREACHABLE! => {{"msg": "ntlm: {_POOL} (Caused by {_NEW}[Errno 113] '
        "No route to host'))\"}",
        f"winrm.exceptions.WinRMTransportError: ('http', \"{_POOL} (Caused by {_NEW}[Errno 101] "
        "Network is unreachable'))\")",
        '[ERROR] WinRM connection err: unknown error Post "https://10.0.0.5:5986/wsman": dial tcp '
        "10.0.0.5:5986: connect: no route to host",
        '[ERROR] connection error: unknown error Post "http://10.0.0.5:5985/wsman": dial tcp '
        "10.0.0.5:5985: connect: network is unreachable",
        "<node1> WINRM CONNECTION ERROR: 500 WinRMTransport. [Errno 101] Network is unreachable",
    ],
)
def test_no_route_to_the_winrm_endpoint_is_network_unreachable(text):
    assert diagnose(text).family == "network-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        f'fatal: [w]: UNREACHABLE! => {{"msg": "ssl: {_POOL} (Caused by ConnectTimeoutError('
        "<urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to 10.0.0.4 timed out. "
        "(connect timeout=30)'))\"}",
        f'fatal: [w]: UNREACHABLE! => {{"msg": "ssl: {_POOL} (Caused by {_NEW}[Errno 111] '
        "Connection refused'))\"}",
        '[ERROR] WinRM connection err: unknown error Post "https://10.0.0.5:5986/wsman": dial tcp '
        "10.0.0.5:5986: i/o timeout",
        "HTTPClient::ConnectTimeoutError: execution expired (connecting to http://node1:5985/wsman)",
    ],
)
def test_a_refused_or_timed_out_connect_to_the_winrm_endpoint_stays_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"
