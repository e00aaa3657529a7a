"""remoting-kerberos in two producers' words the catalog missed.

PowerShell's WS-Management client on Linux and macOS (OMI, microsoft/omi @d2c06c16
Unix/http/httpclientauth.c _ReportError) prints the failing step, then gss_display_status's major
and minor messages: "Authorization failed <major> <minor>", "acquiring creds with password failed
...", "acquiring creds with username only failed ...", after PowerShell remoting's "Connecting to
remote server <name> failed with the following error message :". A Kerberos minor message of MIT
krb5's table (src/lib/krb5/error_tables/krb5_err.et) there is the Kerberos logon to the node.

Windows SSPI's SEC_E_WRONG_PRINCIPAL text ("The target principal name is incorrect.") after the
same wrapper is the node's SPN, as its code 0x80090322 already is.

Guards: OMI's bare "Authorization failed" stays remoting-access-denied (development:
quickbreach/PowerShell-NTLM issue 1); SPNEGO's "cannot find mechanisms to negotiate" (no
gss-ntlmssp for Negotiate) names no Kerberos failure; ARM's "Authorization failed for template
resource" stays arm-authorization; SQL Server's Schannel "The target principal name is incorrect"
is not remoting.
"""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_WRAP = "Enter-PSSession: Connecting to remote server node1.contoso.com failed with the following error message : "
_TAIL = " For more information, see the about_Remote_Troubleshooting Help topic."
_GSS = "Unspecified GSS failure.  Minor code may provide more information "


@pytest.mark.parametrize(
    "text",
    [
        _WRAP + "Authorization failed " + _GSS + "Server not found in Kerberos database" + _TAIL,
        _WRAP
        + "Authorization failed "
        + _GSS
        + "Configuration file does not specify default realm"
        + _TAIL,
        _WRAP
        + "Authorization failed "
        + _GSS
        + "No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)"
        + _TAIL,
        _WRAP
        + "acquiring creds with password failed "
        + _GSS
        + 'Cannot find KDC for realm "CONTOSO.COM"'
        + _TAIL,
        _WRAP
        + "acquiring creds with username only failed "
        + _GSS
        + "KDC reply did not match expectations"
        + _TAIL,
        _WRAP + "The target principal name is incorrect." + _TAIL,
        "New-PSSession : [node1] Connecting to remote server node1 failed with the following error message : "
        "WinRM cannot process the request. The target principal name is incorrect.",
    ],
)
def test_omi_gss_kerberos_failures_and_wrong_principal_are_remoting_kerberos(text):
    assert diagnose(text).family == "remoting-kerberos"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "PS /> Enter-PSSession -ComputerName 1.2.3.4 -Authentication Negotiate -Credential $creds "
            "Enter-PSSession : Connecting to remote server 1.2.3.4 failed with the following error message "
            ": Authorization failed For more information, see the about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        (
            _WRAP
            + "acquiring creds with username only failed "
            + _GSS
            + "SPNEGO cannot find mechanisms to negotiate"
            + _TAIL,
            None,
        ),
        (
            "The template deployment failed with error: 'Authorization failed for template resource 'x' of "
            "type 'Microsoft.Authorization/roleAssignments'. The client 'a' with object id 'b' does not have "
            "permission to perform action 'Microsoft.Authorization/roleAssignments/write'",
            "arm-authorization",
        ),
        (
            "Microsoft SQL Server Native Client 11.0 : SSL Provider: The target principal name is incorrect.",
            None,
        ),
    ],
)
def test_look_alikes_keep_their_answers(text, family):
    assert diagnose(text).family == family
