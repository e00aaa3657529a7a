"""WinHTTP's certificate errors beside WinRM words follow the decided class for WinRM's expired
HTTPS certificate (tests/diagnose_corpus/README.md, "Decided classes"): remoting-certificate.

The WinRM client takes WinHTTP's codes (WSManGetErrorMessage) and prints them as a WSManFault
("Message = <WinHTTP text> Error number: <signed> <hex>"), after PowerShell remoting's "Connecting
to remote server <name> failed with the following error message", or as New-CimSession's "HRESULT
0x80072f8f" (https://learn.microsoft.com/windows/win32/winhttp/error-messages):
ERROR_WINHTTP_SECURE_CERT_DATE_INVALID 12037 (0x80072F05, -2147012859, "The date in the
certificate is invalid or has expired"), SECURE_CERT_CN_INVALID 12038 (0x80072F06, -2147012858),
SECURE_INVALID_CA 12045 (0x80072F0D) and SECURE_FAILURE 12175 (0x80072F8F, -2147012721, "A
security error occurred"). All of them name the node's WinRM HTTPS listener's certificate; before
this, 12037 was left to tls-certificate-validity while 12038 / 12175 named remoting-certificate,
against the decision that the list's "The SSL certificate is expired" entry is the listener's.

Guards: the same codes outside WinRM stay the TLS families' (winget's WinINet 80072F05, the Azure
Pipelines agent's WinHttpException 12175, Windows Update), the certificate list's revocation entry
stays tls-revocation and its secure-channel entry alone tls-protocol, with 0x80072f8f beside them.
"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        # 12037, the WinRM client's WSManFault and PowerShell remoting's wrapper
        "WSManFault\n    Message = The date in the certificate is invalid or has expired\n\n"
        "Error number:  -2147012859 0x80072F05\nThe date in the certificate is invalid or has expired",
        "Enter-PSSession : Connecting to remote server node1.contoso.com failed with the following "
        "error message : The date in the certificate is invalid or has expired For more information,"
        " see the about_Remote_Troubleshooting Help topic.",
        "New-CimSession : The date in the certificate is invalid or has expired\n"
        "    + FullyQualifiedErrorId : HRESULT 0x80072f05,Microsoft.Management.Infrastructure."
        "CimCmdlets.NewCimSessionCommand",
        # 12038 after PowerShell remoting's wrapper
        "New-PSSession : [node1] Connecting to remote server node1 failed with the following error "
        "message : The host name in the certificate is invalid or does not match For more "
        "information, see the about_Remote_Troubleshooting Help topic.",
        # 12175 in New-CimSession's record and after the wrapper
        "New-CimSession : A security error occurred\n    + CategoryInfo          : "
        "NotSpecified: (:) [New-CimSession], CimException\n    + FullyQualifiedErrorId : HRESULT "
        "0x80072f8f,Microsoft.Management.Infrastructure.CimCmdlets.NewCimSessionCommand",
        "Enter-PSSession : Connecting to remote server node1 failed with the following error "
        "message : A security error occurred For more information, see the "
        "about_Remote_Troubleshooting Help topic.",
        # the symbolic name beside the listener's URL
        "winrm: ERROR_WINHTTP_SECURE_CERT_DATE_INVALID (12037) on https://node1:5986/wsman",
    ],
)
def test_winhttp_certificate_errors_beside_winrm_are_remoting_certificate(text):
    assert diagnose(text).family == "remoting-certificate"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # winget's WinINet 12037 (development: microsoft/winget-cli issue 1656): the condition only
        (
            "2023-02-11 20:06:19.790 [FAIL] WindowsPackageManager.dll!00007FF94045CA12: ReturnHr(1)"
            " tid(5e50) 80072F05     Msg:[winrt::hresult_error: The date in the certificate is "
            "invalid or has expired]",
            None,
        ),
        # the Azure Pipelines agent's WinHttpException (MicrosoftDocs azure-devops-docs
        # docs/pipelines/agents/certificate.md)
        (
            "[2017-11-06 20:55:33Z ERR  AgentServer] System.Net.Http.HttpRequestException: An error "
            "occurred while sending the request. ---> System.Net.Http.WinHttpException: A security "
            "error occurred",
            "tls-untrusted",
        ),
        ("Windows Update failed with error 0x80072F05.", None),
        # the list's revocation entry and its secure-channel entry, with 12175 beside them
        (
            "New-CimSession : The server certificate on the destination computer (node1:5986) has "
            "the following errors:\nThe SSL certificate could not be checked for revocation.\n"
            "    + FullyQualifiedErrorId : HRESULT 0x80072f8f,Microsoft.Management.Infrastructure."
            "CimCmdlets.NewCimSessionCommand",
            "tls-revocation",
        ),
        (
            "New-CimSession : The server certificate on the destination computer "
            "(outlook.office365.com:443) has the following errors:\nEncountered an internal error "
            "in the SSL library.\n    + FullyQualifiedErrorId : HRESULT 0x80072f8f,Microsoft."
            "Management.Infrastructure.CimCmdlets.NewCimSessionCommand",
            "tls-protocol",
        ),
    ],
)
def test_the_same_codes_elsewhere_keep_their_families(text, family):
    assert diagnose(text).family == family
