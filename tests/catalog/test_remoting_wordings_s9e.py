"""The remoting, Arc agent, registration and Azure Local families (session 9, cycle E): WinRM
failures relayed by other Microsoft products (System Center VMM and Operations Manager,
Exchange Online's remote PowerShell, Arc SCVMM) with a bare WS-Management code or their own
sentence. Every wording is written as the cited producer prints it (families.yaml cites each
source), not copied from the evaluation corpus; the near misses around them keep their own
answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# System Center VMM relays WinRM's failure as its own job error with the bare code
# (MicrosoftDocs/SupportArticles-docs support/system-center/vmm/*.md)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # add-managed-host-error-2927.md (KB 970923): a duplicate HTTP/<host> SPN
        (
            "Error (2927)\nA Hardware Management error has occurred trying to contact server "
            "hv01.contoso.com.\n(Unknown error 0x8033809d))\n\nRecommended Actions\nCheck that "
            "WinRM is installed and running on server hv01.contoso.com. For more information use "
            'the command "winrm helpmsg hrresult".',
            "remoting-kerberos",
        ),
        # the same job error as Add-SCVMHost prints it in a script
        (
            "Add-SCVMHost : A Hardware Management error has occurred trying to contact server "
            "hv01.contoso.com. (Error ID: 2927, Detailed Error: Unknown error (0x8033809d))",
            "remoting-kerberos",
        ),
        # report-needs-attention-host-status.md (KB 2742246): the VMM account is no administrator
        (
            "Warning (12710)\nVMM does not have appropriate permissions to access the Windows "
            "Remote Management resources on the server (hv01.contoso.com).\nUnknown error "
            "(0x80338104)",
            "remoting-access-denied",
        ),
        # the sentence alone, the code cut away
        (
            "Warning (12710) VMM does not have appropriate permissions to access the Windows "
            "Remote Management resources on the server (hv01.contoso.com).",
            "remoting-access-denied",
        ),
        # the code alone, in a VMM trace (COMException with the WS-Management HRESULT)
        (
            "Microsoft.Carmine.WSManWrappers.WSManProviderException: A Hardware Management error "
            "has occurred trying to contact server hv01. ---> System.Runtime.InteropServices."
            "COMException (0x80338104): The WS-Management service cannot process the request.",
            "remoting-access-denied",
        ),
        # KB 2742246: the per-user operations quota (wsmerror.h QUOTA_MAX_OPERATIONS)
        (
            "Error (2927)\nA Hardware Management error has occurred trying to contact server "
            "hv01.contoso.com.\nUnknown error (0x803381a6)",
            "remoting-quota",
        ),
        # KB 2742246: the connection to the host lost
        (
            "Error (2916)\nVMM is unable to complete the request. The connection to the agent "
            "hv01.contoso.com was lost.\nUnknown error (0x80338012)",
            "remoting-unreachable",
        ),
    ],
)
def test_a_winrm_failure_relayed_by_vmm_names_the_family_of_its_code(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # readding-library-server-error-2910.md: a file share's ACL, not WinRM
        "Error (2910) VMM does not have appropriate permissions to access the resource "
        "\\\\lib01\\MSSCVMMLibrary on the lib01.contoso.com server. (Access is denied (0x80070005))",
        # WS-Management codes that name no family (an operation timeout, a resource not found)
        "Error (2927)\nA Hardware Management error has occurred trying to contact server hv01.\n"
        "(Unknown error (0x80338029))",
        "Error (2927)\nA Hardware Management error has occurred trying to contact server "
        "hv01.contoso.com. (Unknown error (0x8033811e))",
    ],
)
def test_a_vmm_error_without_a_family_code_names_no_family(wording: str) -> None:
    assert family_of(wording) is None


# ------------------------------------------------------------------------------------------
# Other products' own sentences around a WinRM failure
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # Exchange Online: RemotePowerShellEnabled False (KB 4482720)
        (
            "New-PSSession: [outlook.office365.com] Connecting to remote server "
            "outlook.office365.com failed with the following error message: Bad Request For more "
            "information, see the about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        # Security & Compliance PowerShell, the same endpoint family
        (
            "New-PSSession : [eur02b.ps.compliance.protection.outlook.com] Connecting to remote "
            "server eur02b.ps.compliance.protection.outlook.com failed with the following error "
            "message : Bad Request For more information, see the about_Remote_Troubleshooting Help "
            "topic.",
            "remoting-access-denied",
        ),
        # Exchange Online's own wording of the per-command data quota (KB 2922668)
        (
            "[ClientAccessServer=CY4PR05CA014,BackEndServer=cy4pr05mb294.namprd05.prod.outlook.com,"
            "RequestId=5c7e0a9e-1d52-4c3b-9d55-8a7d1c1a8f9b,TimeStamp=3/1/2024 10:00:00 AM] The data "
            "in the command exceeded the maximum permitted by the session configuration. The "
            "allowed maximum is 500MB. Change the input, use a different session configuration, or "
            'change the "PSMaximumReceivedObjectSizeMB" and "PSMaximumReceivedDataSizePerCommandMB" '
            "properties of the session configuration on the remote computer",
            "remoting-quota",
        ),
        # PowerShell 7's RemotingErrorIdStrings ReceivedDataSizeExceededMaximumServer
        (
            "Sending data to a remote command failed with the following error message: The total "
            "data received from the remote client exceeded the allowed maximum. The allowed "
            "maximum is 524288000.",
            "remoting-quota",
        ),
        # ReceivedObjectSizeExceededMaximumClient
        (
            "Receive-Job : The current deserialized object size of the data received from the "
            "remote server exceeded the allowed maximum object size. The current deserialized "
            "object size is 209715300. The allowed maximum object size is 209715200.",
            "remoting-quota",
        ),
        # ReceivedObjectSizeExceededMaximumServer
        (
            "The current deserialized object size of the data received from the remote client "
            "computer exceeded the allowed maximum object size. The current deserialized object "
            "size is 209715300. The allowed maximum object size is 209715200.",
            "remoting-quota",
        ),
    ],
)
def test_a_products_own_sentence_around_a_winrm_failure_names_its_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a Bad Request from any other WinRM server says nothing of the account
        "New-PSSession: [node1] Connecting to remote server node1 failed with the following error "
        "message: Bad Request For more information, see the about_Remote_Troubleshooting Help topic.",
        # Hyper-V Replica's Kerberos is its own HTTP listener's, not the remote session's
        "Hyper-V failed to authenticate the Replica server 'rep01.contoso.com' using Kerberos "
        "authentication. Error: %%2148074243 (0x80090303)",
        "Hyper-V failed to enable replication for virtual machine 'vm1': %%2148074243 "
        "(0x80090303). (Virtual machine ID 4f3c0f7e-2a5b-4c1e-9d0a-1b2c3d4e5f60)",
    ],
)
def test_look_alikes_of_the_relayed_winrm_failures_name_no_family(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # SCOM's UNIX/Linux agent verification (KB 4490426): the name is wrong, whatever the CRL
        (
            "Agent verification failed. Error detail: The server certificate on the destination "
            "computer (lx1.contoso.com:1270) has the following errors:\nThe SSL certificate could "
            "not be checked for revocation. The server used to check for revocation might be "
            "unreachable.\nThe SSL certificate contains a common name (CN) that does not match the "
            "hostname.",
            "remoting-certificate",
        ),
        (
            "Connecting to remote server node1 failed with the following error message : The "
            "server certificate on the destination computer (node1:5986) has the following errors: "
            "The SSL certificate could not be checked for revocation. The server used to check for "
            "revocation might be unreachable. The SSL certificate is signed by an unknown "
            "certificate authority.",
            "remoting-certificate",
        ),
        # the revocation check alone stays the revocation family
        (
            "Connecting to remote server node1 failed with the following error message : The "
            "server certificate on the destination computer (node1:5986) has the following errors: "
            "The SSL certificate could not be checked for revocation. The server used to check for "
            "revocation might be unreachable.",
            "tls-revocation",
        ),
    ],
)
def test_a_listener_certificates_own_fault_outranks_its_failed_revocation_check(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_a_certificate_error_list_naming_no_fault_of_the_certificate_is_not_remoting_certificate() -> (
    None
):
    # the Hybrid Configuration wizard's New-PSSession to Exchange Online with TLS 1.2 off in
    # WinHTTP: the handshake failed, no fault of the listener's certificate is listed
    assert (
        family_of(
            "Connecting to remote server failed with the following error message: Connecting to "
            "remote server outlook.office365.com failed with the following error message: The "
            "server certificate on the destination computer (outlook.office365.com:443) has the "
            "following errors: Encountered an internal error in the SSL library. For more "
            "information, see the about_Remote_Troubleshooting Help topic."
        )
        != "remoting-certificate"
    )
    # a certificate fault listed after it still is
    assert (
        family_of(
            "Connecting to remote server node1 failed with the following error message : The "
            "server certificate on the destination computer (node1:5986) has the following errors: "
            "Encountered an internal error in the SSL library. The SSL certificate contains a "
            "common name (CN) that does not match the hostname."
        )
        == "remoting-certificate"
    )


@pytest.mark.parametrize(
    "wording",
    [
        "Error (406)\nAccess has been denied while contacting the computer hv01.contoso.com.",
        "Get-SCVMHost : Access has been denied while contacting the computer hv01.contoso.com. "
        "(Error ID: 406)",
    ],
)
def test_vmms_access_denied_host_status_is_remoting_access_denied(wording: str) -> None:
    # KB 2742246 lists Error (406) among the Access Denied host status errors; its fix is the
    # VMM service account in the host's Administrators group
    assert family_of(wording) == "remoting-access-denied"


# ------------------------------------------------------------------------------------------
# Azure Pipelines' WinRM tasks (microsoft/azure-pipelines-tasks)
# ------------------------------------------------------------------------------------------


def test_a_pipeline_machine_without_a_winrm_listener_is_remoting_unreachable() -> None:
    # PowerShellOnTargetMachinesV2 PS_TM_ResourceDoesnotHaveWinRMServiceConfigured
    assert (
        family_of(
            "##[error]Resource: 'vm01' does not have WinRM service configured. Configure WinRM "
            "service on the Azure VM Resources. Refer for more details 'https://aka.ms/azuresetup'"
        )
        == "remoting-unreachable"
    )


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # AzureFileCopy appends its WinRM help to any failed copy: the error before it decides
        (
            "##[error]Copy failed on vm01: AzCopy.exe exited with non-zero exit code while "
            "uploading files to blob storage.To fix WinRM service connection related issues, "
            "select the 'Enable Copy Prerequisites' option in the task. If set already, and the "
            "target Virtual Machines are backed by a Load balancer, ensure Inbound NAT rules are "
            "configured for target port (5986). Applicable only for ARM VMs.",
            None,
        ),
        (
            "##[error]Connecting to remote server vm01.westus.cloudapp.azure.com failed with the "
            "following error message : Access is denied. For more information, see the "
            "about_Remote_Troubleshooting Help topic.To fix WinRM service connection related "
            "issues, select the 'Enable Copy Prerequisites' option in the task.",
            "remoting-access-denied",
        ),
    ],
)
def test_azure_file_copys_winrm_help_leaves_the_family_to_the_error_before_it(
    wording: str, family: str | None
) -> None:
    assert family_of(wording) == family


def test_vmms_relayed_code_beside_the_kerberos_event_is_the_winrm_logons() -> None:
    # KB 970923 quotes the job error with the Security-Kerberos event 4 for HTTP/<host>: the
    # WS-Management code marks the WinRM logon, which the other services' rule would exclude
    assert (
        family_of(
            "Error (2927)\nA Hardware Management error has occurred trying to contact server "
            "hv01.contoso.com.\n(Unknown error 0x8033809d))\n\nLog Name: System\nSource: "
            "Microsoft-Windows-Security-Kerberos\nEvent ID: 4\nDescription: The Kerberos client "
            "received a KRB_AP_ERR_MODIFIED error from the server hv01. The target name used was "
            "HTTP/hv01.contoso.com."
        )
        == "remoting-kerberos"
    )
    # the event alone, for another service's SPN, stays that service's
    assert (
        family_of(
            "Log Name: System\nSource: Microsoft-Windows-Security-Kerberos\nEvent ID: 4\n"
            "Description: The Kerberos client received a KRB_AP_ERR_MODIFIED error from the server "
            "sql01. The target name used was MSSQLSvc/sql01.contoso.com:1433."
        )
        is None
    )
