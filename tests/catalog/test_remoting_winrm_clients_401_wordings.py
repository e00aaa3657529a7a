"""The WinRM service refusing the logon (HTTP 401) in the clients' own words: masterzen/winrm's
status errors as Terraform's and Packer's WinRM communicators print them ("connection error: %s",
"timeout - last error: %s"), pywinrm's pre-0.2 UnauthorizedError ("401 Unauthorized. basic auth
failed") as Ansible's winrm plugin logs and reports it, and PowerShell's OMI client on Linux
(MI_RESULT_ACCESS_DENIED): remoting-access-denied. Near misses: the same words from other HTTP
clients, and MI_RESULT_ACCESS_DENIED for a session to the local machine."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        # masterzen/winrm http.go before 2016 ("http error: %d - %s", an empty 401 body)
        "Error: connection error: http error: 401 -",
        "2016/05/01 12:00:00 [ERROR] connection error: http error: 401 - ",
        # masterzen/winrm http.go now ("http error %d: %s")
        "2024/03/01 10:00:00 [ERROR] connection error: http error 401: ",
        "Error: timeout - last error: http error: 401 - ",
        # masterzen/winrm kerberos.go ("request returned: %d - %s. %s")
        "Error: timeout - last error: request returned: 401 - 401 Unauthorized. Response body:",
    ],
)
def test_the_go_winrm_clients_401_in_terraform_and_packer_is_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        "<win01> WINRM CONNECTION ERROR: 401 Unauthorized. basic auth failed",
        'fatal: [win01]: UNREACHABLE! => {"changed": false, "msg": "plaintext: 401 Unauthorized. '
        'basic auth failed", "unreachable": true}',
        'fatal: [win01]: UNREACHABLE! => {"changed": false, "msg": "ssl: 401 Unauthorized. basic '
        'auth failed", "unreachable": true}',
    ],
)
def test_old_pywinrms_unauthorized_error_in_ansible_is_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        "New-PSSession : MI_RESULT_ACCESS_DENIED\nAt line:1 char:1\n+ CategoryInfo          : "
        "InvalidOperation: (:) [New-PSSession], PSInvalidOperationException\n+ "
        "FullyQualifiedErrorId : InvalidOperation,Microsoft.PowerShell.Commands.NewPSSessionCommand",
        "Enter-PSSession : MI_RESULT_ACCESS_DENIED\n+  Enter-PSSession -ComputerName Some-Host-Name "
        "-port 5985 -Credential $mycreds\n+ FullyQualifiedErrorId : CreateRemoteRunspaceFailed",
        "New-PSSession: [10.0.0.5] Connecting to remote server 10.0.0.5 failed with the following "
        "error message : MI_RESULT_ACCESS_DENIED For more information, see the "
        "about_Remote_Troubleshooting Help topic.",
    ],
)
def test_the_omi_clients_access_denied_for_another_computer_is_remoting_access_denied(text):
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        # Python 2's urllib2 for any web site
        "urllib2.HTTPError: HTTP Error 401: basic auth failed",
        # another HTTP client's 401 with the same words
        "Error: http error: 401 - Unauthorized from the Grafana API",
        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: "
        "https://api.example.com/v1/items",
        # Terraform's SSH communicator with the same log prefix
        "[ERROR] connection error: dial tcp 10.0.0.4:22: connect: connection refused",
        # the OMI client to the local machine (no WinRM service on Linux: PowerShell issue 2513)
        "PS /> Invoke-Command -ComputerName localhost -ScriptBlock {$PSVersionTable}\n"
        "Invoke-Command : MI_RESULT_ACCESS_DENIED",
        "New-PSSession: [localhost] Connecting to remote server localhost failed with the following "
        "error message : MI_RESULT_ACCESS_DENIED",
    ],
)
def test_the_same_words_elsewhere_are_not_remoting_access_denied(text):
    assert diagnose(text).family != "remoting-access-denied"
