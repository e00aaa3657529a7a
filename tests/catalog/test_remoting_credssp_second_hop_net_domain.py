"""A second hop to the domain controller shown as such: net.exe's domain command typed at a remote
session's prompt (PowerShell's "[ServerB]: PS ...>", Evil-WinRM's "*Evil-WinRM* PS ...>") refused
with "System error 5 has occurred." is remoting-credssp (MicrosoftDocs/PowerShell-Docs
PS-remoting-second-hop.md); the same refusal in a local console, or the command succeeding, is not."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_DC = "The request will be processed at a domain controller for domain contoso.local.\n\n"


@pytest.mark.parametrize(
    "text",
    [
        "*Evil-WinRM* PS C:\\Users\\op\\Documents> net group /domain\n"
        + _DC
        + "net.exe : System error 5 has occurred.\n    + CategoryInfo          : NotSpecified: "
        "(System error 5 has occurred.:String) [], RemoteException\n    + FullyQualifiedErrorId "
        ": NativeCommandError",
        "[serverb]: PS C:\\Users\\admin\\Documents> net user alice /domain\n"
        + _DC
        + "System error 5 has occurred.\n\nAccess is denied.",
    ],
)
def test_net_domain_refused_inside_a_remote_session_is_the_second_hop(text):
    assert diagnose(text).family == "remoting-credssp"


@pytest.mark.parametrize(
    "text",
    [
        'C:\\Users\\alice> net group "Domain Admins" /domain\n'
        + _DC
        + "System error 5 has occurred.\n\nAccess is denied.",
        "*Evil-WinRM* PS C:\\Users\\op\\Documents> net group /domain\n"
        + _DC
        + "Group Accounts for \\\\DC01\n*Domain Admins\nThe command completed successfully.",
    ],
)
def test_a_local_refusal_or_a_success_is_no_second_hop(text):
    assert diagnose(text).family != "remoting-credssp"
