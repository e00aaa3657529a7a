"""The remoting, Arc agent, registration and Azure Local families (session 9, cycle F): the
producer sweep continued where it had not been done. Products that relay a WinRM / PowerShell
remoting failure in their own sentence (Exchange's remote PowerShell, ...). Every wording is
written as the cited producer prints it (families.yaml cites each source), not copied from the
evaluation corpus; the near misses around them keep their own answer."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

# ------------------------------------------------------------------------------------------
# Exchange's remote PowerShell refusing an account without a management role
# (MicrosoftDocs/OfficeDocs-Support Exchange/ExchangeHybrid/hybrid-configuration-wizard-errors/
# user-not-assigned-to-any-management-roles.md, KB 3058293)
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        # the Hybrid Configuration wizard's log, as the page quotes it
        "ERROR:Updating hybrid configuration failed with error 'System.Management.Automation."
        "Remoting.PSRemotingTransportException: Processing data from remote server failed with "
        'the following error message: The user "contoso.com/Users/Administrator" isn\'t assigned '
        "to any management roles. For more information, see the about_Remote_Troubleshooting "
        "Help topic.",
        # the Exchange Management Shell's New-PSSession, older wording and typographic quotes
        "New-PSSession : [ex01.contoso.com] Processing data from remote server ex01.contoso.com "
        "failed with the following error message: The user \u201cCONTOSO\\svc-hcw\u201d is not "
        "assigned to any management roles. For more information, see the "
        "about_Remote_Troubleshooting Help topic.\n"
        "    + CategoryInfo          : OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace)"
        " [], PSRemotingTransportException\n"
        "    + FullyQualifiedErrorId : PSSessionOpenFailed",
    ],
)
def test_exchanges_refusal_of_an_account_without_a_management_role_is_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) == "remoting-access-denied"


@pytest.mark.parametrize(
    "wording",
    [
        # a role-assignment message names one role, no refused session
        'WARNING: The user "bob@contoso.com" is not assigned to the management role '
        '"Mail Recipients". Processing data from remote server ex01 completed.',
        # the sentence with no remote session around it: nothing shows the channel
        'The user "contoso/Users/Admin" isn\'t assigned to any management roles.',
    ],
)
def test_a_management_role_message_without_a_refused_session_is_not_remoting_access_denied(
    wording: str,
) -> None:
    assert family_of(wording) is None
