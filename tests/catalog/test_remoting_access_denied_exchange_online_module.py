"""Exchange Online's module session (ExchangeOnlineManagement 2.x New-ExoPSSession) refused with
"Access is denied" is no machine's WinRM logon: the module signed in first (a wrong password is
AADSTS50126 there) and Exchange Online refused the token's principal (MicrosoftDocs/
office-docs-powershell exchange/docs-conceptual/app-only-auth-powershell-v2.md @93336da2bc). Not
remoting-access-denied, nor the node signature psrp-access-denied; New-PSSession with a Basic
credential to the same endpoint, and a node's refusal, keep the family."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_REFUSAL = (
    "Connecting to remote server outlook.office365.com failed with the following error message : "
    "Access is denied. For more information, see the about_Remote_Troubleshooting Help topic."
)


@pytest.mark.parametrize(
    "text",
    [
        # PowerShell 7's concise view of the module's line (office-docs-powershell#8035)
        "PowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netCore\\ExchangeOnlineManagement"
        ".psm1:475:30\nLine |\n 475 |  … PSSession = New-ExoPSSession -ExchangeEnvironmentName "
        "$ExchangeEnviro …\n     |                ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n     | "
        "Connecting to remote server outlook.office365.com failed with the following error "
        "message : Access is denied. For\n     | more information, see the "
        "about_Remote_Troubleshooting Help topic.",
        f"New-ExoPSSession : [outlook.office365.com] {_REFUSAL}",
        f"{_REFUSAL}\n    + CategoryInfo          : OpenError: (System.Manageme....RemoteRunspace:"
        "RemoteRunspace) [New-ExoPSSession], PSRemotingTransportException\n    + "
        "FullyQualifiedErrorId : AccessDenied,PSSessionOpenFailed",
        "New-ExoPSSession : [eur03b.ps.compliance.protection.outlook.com] Connecting to remote "
        "server eur03b.ps.compliance.protection.outlook.com failed with the following error "
        "message : Access is denied. For more information, see the about_Remote_Troubleshooting "
        "Help topic.",
    ],
)
def test_the_exchange_online_modules_refused_session_names_no_remoting_family(text):
    diagnosis = diagnose(text)
    assert diagnosis.family is None
    assert "psrp-access-denied" not in {m.signature.id for m in diagnosis.exact}


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # New-PSSession with a Basic credential to Exchange Online (KB 4482720's endpoint; the
        # SupportArticles access-denied-connect-powershell.md case): the account was refused
        (
            f"New-PSSession : [outlook.office365.com] {_REFUSAL}\n    + CategoryInfo          : "
            "OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace) [New-PSSession], "
            "PSRemotingTransportException\n    + FullyQualifiedErrorId : "
            "AccessDenied,PSSessionOpenFailed",
            "remoting-access-denied",
        ),
        # the module's session over quota keeps its own family
        (
            "New-ExoPSSession : Processing data from remote server outlook.office365.com failed "
            "with the following error message: [AuthZRequestId=1][FailureCategory=AuthZ-"
            "AuthorizationException] Fail to create a runspace because you have exceeded the "
            "maximum number of connections allowed : 3 for the policy party : MaxConcurrency.",
            "remoting-quota",
        ),
        # a node's refusal in the same text as the module's name
        (
            "Invoke-Command -ComputerName node1 { New-ExoPSSession }\n[node1] Connecting to remote "
            "server node1 failed with the following error message : Access is denied. For more "
            "information, see the about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
        (
            "New-PSSession : [node2] Connecting to remote server node2 failed with the following "
            "error message : Access is denied. For more information, see the "
            "about_Remote_Troubleshooting Help topic.",
            "remoting-access-denied",
        ),
    ],
)
def test_other_refusals_keep_their_family(text, family):
    assert diagnose(text).family == family


def test_a_nodes_refusal_keeps_the_node_signature():
    text = (
        "New-PSSession : [node2] Connecting to remote server node2 failed with the following error "
        "message : Access is denied."
    )
    assert "psrp-access-denied" in {m.signature.id for m in diagnose(text).exact}
