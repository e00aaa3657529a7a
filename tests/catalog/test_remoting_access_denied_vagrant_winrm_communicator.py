"""Vagrant's WinRM communicator waiting for a booting guest prints its connection (WinRM address,
username, execution_time_limit, transport) and then "Warning: Authentication failure. Retrying..."
for each HTTP 401 of the WinRM service (hashicorp/vagrant @35f3160f4
plugins/communicators/winrm/communicator.rb wait_for_ready, shell.rb raise_winrm_exception):
remoting-access-denied. The SSH communicator prints the very same warning after its own SSH lines
(a key or password sshd refused), and the bare warning shows neither: not the family."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_WINRM_WAIT = (
    "==> default: Waiting for machine to boot. This may take a few minutes...\n"
    "    default: WinRM address: 127.0.0.1:55985\n"
    "    default: WinRM username: vagrant\n"
    "    default: WinRM execution_time_limit: PT2H\n"
    "    default: WinRM transport: negotiate\n"
)
_SSH_WAIT = (
    "==> web: Waiting for machine to boot. This may take a few minutes...\n"
    "    web: SSH address: 127.0.0.1:2222\n"
    "    web: SSH username: vagrant\n"
    "    web: SSH auth method: private key\n"
)
_WARNING = "Warning: Authentication failure. Retrying..."


@pytest.mark.parametrize(
    "text",
    [
        _WINRM_WAIT + "    default: " + _WARNING + "\n    default: " + _WARNING,
        # the boot timeout that ends the wait keeps the reason it printed
        _WINRM_WAIT
        + "    default: "
        + _WARNING
        + "\nTimed out while waiting for the machine to boot. This means that\nVagrant was unable "
        'to communicate with the guest machine within\nthe configured ("config.vm.boot_timeout" '
        "value) time period.",
        # the warning cut off after its first sentence (a box built by Packer, then vagrant up)
        "    default: WinRM transport: ssl\n    default: Warning: Authentication failure.",
        # a Windows box's own machine name, the plain transport, the lines flattened by a CI log
        "    win2022: WinRM address: 192.168.56.10:5985     win2022: WinRM username: Administrator"
        "     win2022: WinRM transport: plaintext     win2022: " + _WARNING,
    ],
)
def test_vagrants_winrm_wait_after_authentication_failure_is_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        # the SSH communicator's identical warning: sshd refused the key or password
        _SSH_WAIT + "    web: " + _WARNING + "\n    web: " + _WARNING,
        # the bare warning shows neither communicator
        "    default: " + _WARNING,
        # a Windows machine's WinRM lines, then a Linux machine's SSH wait that failed
        _WINRM_WAIT
        + "==> default: Machine booted and ready!\n"
        + _SSH_WAIT
        + "    web: "
        + _WARNING,
        # the WinRM wait's other warnings are not a refusal of the account
        _WINRM_WAIT + "    default: Warning: Connection refused. Retrying...",
        _WINRM_WAIT + "    default: Warning: Connection timeout. Retrying...",
    ],
)
def test_the_same_warning_after_ssh_or_alone_and_winrms_other_warnings_are_not_access_denied(text):
    assert diagnose(text).family != "remoting-access-denied"
