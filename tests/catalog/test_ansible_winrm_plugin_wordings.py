"""Ansible's winrm connection plugin (ansible/ansible lib/ansible/plugins/connection/winrm.py
_winrm_connect): its own timeout as the traceback line prints it."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        "An exception occurred during task execution. To see the full traceback, use -vvv. The error "
        "was: ansible.errors.AnsibleError: the connection attempt timed out\n"
        'fatal: [win1]: FAILED! => {"msg": "Unexpected failure during module execution.", "stdout": ""}',
        'fatal: [win1]: UNREACHABLE! => {"changed": false, "msg": "the connection attempt timed out", '
        '"unreachable": true}',
    ],
)
def test_the_winrm_plugins_connect_timeout_is_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"


def test_another_ansible_error_about_a_timed_out_connection_is_not_remoting_unreachable():
    text = "ansible.errors.AnsibleError: the connection to the database timed out"
    assert diagnose(text).family != "remoting-unreachable"
