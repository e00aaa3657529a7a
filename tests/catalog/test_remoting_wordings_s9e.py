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
