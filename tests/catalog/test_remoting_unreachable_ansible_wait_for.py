"""Ansible waiting for a node's WinRM port: ansible.builtin.wait_for's "Timeout when waiting for
<host>:<port>" and ansible.windows.win_wait_for's "timeout while waiting for <host>:<port> to start
listening" at 5985/5986 are the WinRM listener never answering (remoting-unreachable); their other
states and other ports are not."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        'fatal: [win01]: FAILED! => {"changed": false, "elapsed": 600, "msg": "Timeout when '
        'waiting for win01.contoso.com:5986"}',
        'fatal: [dc01 -> localhost]: FAILED! => {"changed": false, "elapsed": 300, "msg": '
        '"Timeout when waiting for 10.0.0.4:5985"}',
        'fatal: [dc01]: FAILED! => {"changed": false, "msg": "timeout while waiting for '
        'node1:5986 to start listening"}',
    ],
)
def test_waiting_for_the_winrm_port_that_never_opened_is_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        'fatal: [win01]: FAILED! => {"elapsed": 300, "msg": "Timeout when waiting for '
        '10.0.0.4:5985 to stop."}',
        'fatal: [web]: FAILED! => {"elapsed": 300, "msg": "Timeout when waiting for 10.0.0.4:443"}',
        'fatal: [web]: FAILED! => {"elapsed": 300, "msg": "Timeout when waiting for search string '
        'OK in 10.0.0.4:5986"}',
        'fatal: [dc01]: FAILED! => {"msg": "timeout while waiting for node1:5986 to stop listening"}',
    ],
)
def test_the_modules_other_waits_are_not_remoting_unreachable(text):
    assert diagnose(text).family != "remoting-unreachable"


def test_wait_for_connection_running_out_on_the_winrm_connect_timeout_is_remoting_unreachable():
    # ansible.builtin.wait_for_connection: "timed out waiting for %s: %s" with the winrm plugin's
    # own "the connection attempt timed out" as the last error
    text = (
        'fatal: [win01]: FAILED! => {"changed": false, "elapsed": 602, "msg": "timed out waiting '
        'for ping module test: the connection attempt timed out"}'
    )
    assert diagnose(text).family == "remoting-unreachable"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the last error decides: the WinRM logon refused, an SSH connect that timed out
        (
            'fatal: [win01]: FAILED! => {"elapsed": 600, "msg": "timed out waiting for ping module '
            'test: ssl: the specified credentials were rejected by the server"}',
            "remoting-access-denied",
        ),
        (
            'fatal: [web01]: FAILED! => {"elapsed": 600, "msg": "timed out waiting for ping module '
            "test: Failed to connect to the host via ssh: ssh: connect to host 10.0.0.4 port 22: "
            'Connection timed out"}',
            "network-timeout",
        ),
    ],
)
def test_wait_for_connection_with_another_last_error_names_that_error(text, family):
    assert diagnose(text).family == family
