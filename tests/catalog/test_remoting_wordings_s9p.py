"""Precision of remoting-trustedhosts and remoting-kerberos (session 9, precision task): a
configuration script, runbook, audit policy or Group Policy export that names TrustedHosts or
Kerberos as a setting reports no failure, so the bare word no longer names the family unless a
failure is written around it. The setup texts are excerpts of the public sources families.yaml
cites beside the two `unless` rules; the real failures keep their family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# AzureLocal/azurelocal.github.io @f70fed6eb docs/implementation/04-cluster-deployment/
# phase-03-os-configuration/task-01-enable-winrm-for-remote-management.mdx, the bootstrap script
_WINRM_BOOTSTRAP = (
    "<#\n.SYNOPSIS\n Enables and configures WinRM on the local Azure Local node.\n\n"
    ".DESCRIPTION\n Bootstrap script that must be run directly on each node via iDRAC Virtual "
    "Console.\n WinRM cannot be enabled remotely \u2014 this script runs locally.\n\n"
    " Performs the following:\n - Enables WinRM via winrm quickconfig\n"
    " - Sets network profile to Private\n - Enables WinRM firewall rules\n"
    " - Configures TrustedHosts\n - Verifies WinRM service status\n#>\n\n"
    "Set-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\n\n"
    "# Update TrustedHosts to include all networks from which you will manage nodes:\n"
    '$TrustedHosts = "10.245.64.*,172.16.0.*"\n\n'
    "# Enable WinRM\nwinrm quickconfig -q\n\n"
    "# Set network profile to Private (required for WinRM)\n"
    "Get-NetConnectionProfile | Set-NetConnectionProfile -NetworkCategory Private\n\n"
    "# Enable WinRM firewall rules\n"
    'Enable-NetFirewallRule -DisplayGroup "Windows Remote Management"\n\n'
    "# Configure TrustedHosts\n"
    "Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value $TrustedHosts -Force\n\n"
    "# Verify\nGet-Service WinRM | Select-Object Name, Status, StartType\n"
    "Test-WSMan -ComputerName localhost\n"
)

# ansible/ansible-documentation @ef72400cc2 examples/scripts/ConfigureRemotingForAnsible.ps1
# (its header and its own guard clauses)
_ANSIBLE_REMOTING_SCRIPT = (
    "#Requires -Version 3.0\n\n"
    "# Configure a Windows host for remote management with Ansible\n"
    "# This script checks the current WinRM (PS Remoting) configuration and makes\n"
    "# the necessary changes to allow Ansible to connect, authenticate and\n"
    "# execute PowerShell commands.\n#\n"
    "# IMPORTANT: This script uses self-signed certificates and authentication mechanisms\n"
    "# that are intended for development environments and evaluation purposes only.\n"
    "# Production environments and deployments that are exposed on the network should\n"
    "# use CA-signed certificates and secure authentication mechanisms such as Kerberos.\n#\n"
    "# Use option -EnableCredSSP to enable CredSSP as an authentication option.\n"
    "# Use option -DisableBasicAuth to disable basic authentication.\n\n"
    "# Setup error handling.\n"
    '$ErrorActionPreference = "Stop"\n'
    'Write-Output "ERROR: You need elevated Administrator privileges in order to run this '
    'script."\n'
    'Throw "PowerShell version 3 or higher is required."\n'
    'Throw "Unable to find the WinRM service."\n'
    "Enable-PSRemoting -Force -ErrorAction Stop\n"
)

# AzureLocal/azurelocal.github.io @f70fed6eb docs/implementation/05-operational-foundations/
# phase-04-security-governance/task-04-enable-security-logging.mdx, the data collection rule
_SECURITY_LOGGING_DCR = (
    "# Define Windows Security Event XPath queries (Common tier)\n"
    "$securityXPathQueries = @(\n"
    " # Logon events\n"
    ' "Security!*[System[(EventID=4624)]]", # Successful logon\n'
    ' "Security!*[System[(EventID=4625)]]", # Failed logon\n'
    ' "Security!*[System[(EventID=4648)]]", # Explicit credentials\n'
    ' "Security!*[System[(EventID=4672)]]", # Special privileges\n'
    " # Account management\n"
    ' "Security!*[System[(EventID=4720)]]", # Account created\n'
    ' "Security!*[System[(EventID=4725)]]", # Account disabled\n'
    ' "Security!*[System[(EventID=4738)]]", # Account changed\n'
    " # Authentication\n"
    ' "Security!*[System[(EventID=4768)]]", # Kerberos TGT request\n'
    ' "Security!*[System[(EventID=4769)]]", # Kerberos service ticket\n'
    ' "Security!*[System[(EventID=4776)]]", # NTLM authentication\n'
    " # Policy changes\n"
    ' "Security!*[System[(EventID=4719)]]" # Audit policy changed\n'
    ")\n"
)

# splunk/attack_range @0feb1f9b terraform/ansible/roles/create_domain_controller/tasks/
# windows-create-domain.yml
_KERBEROS_AUDIT_TASKS = (
    "- name: Enable Kerberos LogLevel\n"
    "  win_shell: reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters "
    "/v \u201cLogLevel\u201d /t REG_DWORD /d 1\n\n"
    "- name: Enable Kerberos Authentication Service Logging\n"
    '  win_shell: auditpol /set /category:"Account Logon" /subcategory:"Kerberos Authentication '
    'Service" /success:enable /failure:enable\n\n'
    "- name: Enable Kerberos Service Ticket Operations Logging\n"
    '  win_shell: auditpol /set /category:"Account Logon" /subcategory:"Kerberos Service Ticket '
    'Operations" /success:enable /failure:enable\n'
)

# clong/DetectionLab @a4fd727 Vagrant/resources/GPO/Domain_Controllers_Enhanced_Auditing_Policy/
# .../Audit/audit.csv, a Group Policy audit settings export
_GPO_AUDIT_EXPORT = (
    "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,"
    "Setting Value\n"
    ",System,Audit Credential Validation,{0cce923f-69ae-11d9-bed3-505054503030},Success and "
    "Failure,,3\n"
    ",System,Audit Kerberos Authentication Service,{0cce9242-69ae-11d9-bed3-505054503030},"
    "Success and Failure,,3\n"
    ",System,Audit Kerberos Service Ticket Operations,{0cce9240-69ae-11d9-bed3-505054503030},"
    "Success and Failure,,3\n"
    ",System,Audit Other Account Logon Events,{0cce9241-69ae-11d9-bed3-505054503030},Success and "
    "Failure,,3\n"
)


@pytest.mark.parametrize(
    "script",
    [_WINRM_BOOTSTRAP],
    ids=["azure-local-winrm-bootstrap"],
)
def test_a_winrm_setup_script_that_sets_trustedhosts_is_not_remoting_trustedhosts(
    script: str,
) -> None:
    assert family_of(script) is None


@pytest.mark.parametrize(
    "script",
    [_ANSIBLE_REMOTING_SCRIPT, _SECURITY_LOGGING_DCR, _KERBEROS_AUDIT_TASKS, _GPO_AUDIT_EXPORT],
    ids=["ansible-configure-remoting", "security-logging-dcr", "auditpol-tasks", "gpo-audit-csv"],
)
def test_a_script_or_policy_that_names_kerberos_as_a_setting_is_not_remoting_kerberos(
    script: str,
) -> None:
    assert family_of(script) is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the setup script pasted before the failure it was meant to prevent (WinRM's own message,
        # families.yaml remoting-trustedhosts)
        (
            _WINRM_BOOTSTRAP
            + "Enter-PSSession : Connecting to remote server 10.0.0.8 failed with the following "
            "error message : The WinRM client cannot process the request. If the authentication "
            "scheme is different from Kerberos, or if the client computer is not joined to a "
            "domain, then HTTPS transport must be used or the destination machine must be added to "
            "the TrustedHosts configuration setting.",
            "remoting-trustedhosts",
        ),
        # the Set-Item of the script refused by Group Policy (Azure/AzureLocal-Supportability
        # Known-issue-Solution-upgrade-failed-at-SetTrustedHost-step.md)
        (
            _WINRM_BOOTSTRAP
            + "Set-Item : The config setting TrustedHosts cannot be changed because "
            'is controlled by policies. The policy would need to be set to "Not Configured" in '
            "order to change the config setting.",
            "remoting-trustedhosts",
        ),
        # a Kerberos logon failure after the audit policy or the remoting script
        (
            _GPO_AUDIT_EXPORT + "WinRM cannot process the request. The following error with "
            "errorcode 0x80090322 occurred while using Kerberos authentication: An unknown security "
            "error occurred.",
            "remoting-kerberos",
        ),
        (
            _ANSIBLE_REMOTING_SCRIPT
            + 'node1 | UNREACHABLE! => {"msg": "kerberos: the specified credentials were rejected '
            'by the server"}',
            "remoting-kerberos",
        ),
        (
            _SECURITY_LOGGING_DCR + "Enter-PSSession: Connecting to remote server "
            "node1.corp.local failed with the following error message : WinRM Kerberos "
            "authentication failure",
            "remoting-kerberos",
        ),
    ],
)
def test_the_real_failure_after_a_setup_text_keeps_its_remoting_family(
    text: str, family: str
) -> None:
    assert family_of(text) == family
