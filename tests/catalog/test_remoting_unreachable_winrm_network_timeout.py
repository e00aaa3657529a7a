"""The WinRM client's network-layer timeout, ERROR_WSMAN_NETWORK_TIMEDOUT 0x80338126 (PowerShell's
ERROR_WSMAN_SENDDATA_CANNOT_COMPLETE, FullyQualifiedErrorId WinRMOperationTimeout), in both of its
wordings: while connecting the node's listener did not answer in time (remoting-unreachable); inside
the wrappers of a session that had connected, the node was reached and the wait for an operation's
data ran out, which a network drop and a long operation both give (no family from it)."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_NEW = (
    "The WinRM client cannot complete the operation within the time specified. Check if the "
    "machine name is valid and is reachable over the network and firewall exception for Windows "
    "Remote Management service is enabled."
)
_OLD = (
    "WinRM cannot complete the operation. Verify that the specified computer name is valid, that "
    "the computer is accessible over the network, and that a firewall exception for the WinRM "
    "service is enabled and allows access from this computer."
)


@pytest.mark.parametrize(
    "text",
    [
        _NEW,
        _OLD,
        f"Enter-PSSession : Connecting to remote server node1 failed with the following error message : {_NEW}",
        f"New-PSSession : [node1] Connecting to remote server node1 failed with the following error message : {_OLD}",
        f"The remote session query failed for vm1.contoso.com with the following error message: {_OLD}",
        f'fatal: [srv02]: FAILED! => {{"changed": false, "msg": "Failed to invoke DSC Test method: {_OLD}"}}',
    ],
)
def test_the_winrm_clients_network_timeout_while_connecting_is_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        # KB 2294243: a driver install drops the network while Add-DatabaseAvailabilityGroupServer runs
        f"Processing data for a remote command failed with the following error message: {_NEW} For "
        "more information, see the about_Remote_Troubleshooting Help topic.\n"
        "+ CategoryInfo : OperationStopped: (System.Manageme...pressionSyncJob:"
        "PSInvokeExpressionSyncJob) [], PSRemotingTransportException\n"
        "+ FullyQualifiedErrorId : JobFailure",
        # KB 3067913: Update-EmailAddressPolicy runs too long in a large organisation
        "ERROR:Updating hybrid configuration failed with error 'Subtask Configure execution failed: "
        "Configure Recipient Settings\nExecution of the Update-EmailAddressPolicy cmdlet had thrown an "
        "exception.\nProcessing data from remote server failed with the following error message: "
        f"{_NEW}\n at Microsoft.Exchange.Management.Hybrid.RemotePowershellSession.RunCommand(String cmdlet)",
        f"[node1] Processing data from remote server node1 failed with the following error message: {_NEW}\n"
        "    + FullyQualifiedErrorId : WinRMOperationTimeout,PSSessionStateBroken",
        f"Sending data to a remote command failed with the following error message: {_OLD}",
    ],
)
def test_the_same_timeout_inside_an_open_sessions_wrapper_names_no_family(text):
    assert diagnose(text).family is None


def test_a_refusal_inside_an_open_sessions_wrapper_keeps_its_family():
    text = (
        "Processing data from remote server node1 failed with the following error message: Access "
        "is denied. For more information, see the about_Remote_Troubleshooting Help topic."
    )
    assert diagnose(text).family == "remoting-access-denied"


@pytest.mark.parametrize(
    "text",
    [
        "WinRM::WinRMWSManFault: [WSMAN ERROR CODE: 2150858793]: <f:WSManFault Code='2150858793' "
        "Machine='node1'><f:Message>The WS-Management service cannot complete the operation within "
        "the time specified in OperationTimeout.  </f:Message></f:WSManFault>",
        "pypsrp.exceptions.WSManFaultError: Received a WSManFault message. (Code: 2150858793, Machine: "
        "node1, Reason: The WS-Management service cannot complete the operation within the time "
        "specified in OperationTimeout.)",
    ],
)
def test_the_services_own_operation_timeout_names_no_family(text):
    # ERROR_WSMAN_OPERATION_TIMEDOUT 0x80338029: an operation that did not finish on the node
    assert diagnose(text).family is None
