"""Exchange Online's remote PowerShell (New-ExoPSSession behind Connect-ExchangeOnline /
Connect-IPPSSession, or New-PSSession to an Exchange Online / Security & Compliance host) saying
WinRM's 0x80338012 "The client cannot connect to the destination specified in the request": the
destination is Microsoft's service, not a node's WinRM listener, so the client's connection was not
made (its network path or the proxy it must use: office-docs-powershell connect-to-scc-powershell.md,
New-PSSessionOption -ProxyAccessType): network-unreachable, not remoting-unreachable; its network
timeout while connecting (0x80338126, "WinRM cannot complete the operation ...") likewise
network-timeout. The same words for an on-premises Exchange server or any other host keep
remoting-unreachable; a timeout after the session connected stays unnamed; Exchange Online's other
failures keep their own families."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_DESTINATION = (
    "The client cannot connect to the destination specified in the request. Verify that the "
    "service on the destination is running and is accepting requests. Consult the logs and "
    "documentation for the WS-Management service running on the destination, most commonly IIS "
    "or WinRM. If the destination is the WinRM service, run the following command on the "
    'destination to analyze and configure the WinRM service: "winrm quickconfig".'
)


@pytest.mark.parametrize(
    "text",
    [
        # ExchangeOnlineManagement 0.4578 (Connect-ExchangeOnline), the console wrapped at 120
        "New-ExoPSSession : Connecting to remote server outlook.office365.com failed with the "
        "following error message : The\nclient cannot connect to the destination specified in the "
        "request. Verify that the service on the destination is\nrunning and is accepting requests.\n"
        "At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\0.4578.0\\"
        "ExchangeOnlineManagement.psm1:426\n    + CategoryInfo          : ResourceUnavailable: (:) "
        "[New-ExoPSSession], PSRemotingTransportException",
        # New-PSSession to Exchange Online (the v1 way) and to Security & Compliance
        "New-PSSession : [outlook.office365.com] Connecting to remote server outlook.office365.com "
        "failed with the following error message : " + _DESTINATION,
        "New-PSSession : [eur01b.ps.compliance.protection.outlook.com] Connecting to remote server "
        "eur01b.ps.compliance.protection.outlook.com failed with the following error message : "
        + _DESTINATION,
        # the error record alone, the cmdlet in its CategoryInfo
        _DESTINATION
        + "\n    + CategoryInfo          : ResourceUnavailable: (:) [New-ExoPSSession], "
        "PSRemotingTransportException",
    ],
)
def test_exchange_onlines_session_that_cannot_reach_the_destination_is_network_unreachable(text):
    assert diagnose(text).family == "network-unreachable"


@pytest.mark.parametrize(
    "text",
    [
        # on-premises Exchange: the server's own IIS / WinRM (OfficeDocs-Support
        # connecting-remote-server-failed.md error message 7)
        "New-PSSession : [mail.contoso.com] Connecting to remote server mail.contoso.com failed "
        "with the following error message : " + _DESTINATION,
        "Connecting to remote server ex01.outlook-corp.local failed with the following error "
        "message : " + _DESTINATION,
        # a node's own, as before
        _DESTINATION + "\n    + CategoryInfo          : ConnectionError: "
        "(root/Microsoft/...gurationManager:String) [], CimException\n    + FullyQualifiedErrorId : "
        "HRESULT 0x80338012\n    + PSComputerName        : localhost",
    ],
)
def test_the_same_words_for_another_server_stay_remoting_unreachable(text):
    assert diagnose(text).family == "remoting-unreachable"


def test_exchange_onlines_other_session_failures_keep_their_families():
    prefix = (
        "New-ExoPSSession : Connecting to remote server outlook.office365.com failed with the "
        "following error message : "
    )
    assert (
        diagnose(
            prefix + "The WinRM client cannot process the request because the server "
            "name cannot be resolved."
        ).family
        == "network-dns"
    )
    assert diagnose(prefix + "Access is denied.").family is None


_CONNECTING = (
    "New-ExoPSSession : Connecting to remote server outlook.office365.com failed with the "
    "following error message : "
)


@pytest.mark.parametrize(
    "message",
    [
        "WinRM cannot complete the operation. Verify that the specified computer name is valid, that "
        "the computer is accessible over the network, and that a firewall exception for the WinRM "
        "service is enabled and allows access from this computer.",
        "The WinRM client cannot complete the operation within the time specified. Check if the "
        "machine name is valid and is reachable over the network and firewall exception for Windows "
        "Remote Management service is enabled.",
    ],
)
def test_exchange_onlines_session_timing_out_while_connecting_is_network_timeout(message):
    assert diagnose(_CONNECTING + message).family == "network-timeout"


def test_the_same_timeout_for_another_server_or_after_connecting_is_not_network_timeout():
    message = (
        "WinRM cannot complete the operation. Verify that the specified computer name is valid."
    )
    on_premises = (
        "Connecting to remote server ex01.contoso.com failed with the following error message : "
    )
    assert diagnose(on_premises + message).family == "remoting-unreachable"
    processing = (
        "New-ExoPSSession : Processing data from remote server outlook.office365.com failed with "
        "the following error message : "
    )
    assert diagnose(processing + message).family is None
