"""The WinRM client's certificate error list ("The server certificate on the destination computer
(<host>:<port>) has the following errors: ...") whose only entry is WinHTTP's secure-channel flag,
"Encountered an internal error in the SSL library" (ERROR_WINHTTP_SECURE_CHANNEL_ERROR: the TLS
handshake, not a fault of the certificate), is not remoting-certificate in any rendering of the
record that follows it; a certificate entry in the list keeps the family."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose

_LIST = (
    "The server certificate on the destination computer (node1.contoso.com:5986) has the "
    "following errors: "
)


@pytest.mark.parametrize(
    "text",
    [
        f"New-CimSession : {_LIST}Encountered an internal error in the SSL library.\nAt line:1 "
        "char:1\n+ New-CimSession -ComputerName node1.contoso.com -SessionOption $o\n+ "
        "CategoryInfo          : ConnectionError: (:) [New-CimSession], CimException",
        f"New-CimSession : {_LIST} \\r\\nEncountered an internal error in the SSL library.\\r\\n",
        f"Enter-PSSession : Connecting to remote server node1 failed with the following error "
        f"message : {_LIST}Encountered an internal error in the SSL library. For more information, "
        "see the about_Remote_Troubleshooting Help topic.",
        f"{_LIST}Encountered an internal error in the SSL library.",
    ],
)
def test_the_secure_channel_entry_alone_is_not_remoting_certificate(text):
    assert diagnose(text).family == "tls-protocol"


@pytest.mark.parametrize(
    "text",
    [
        f"Enter-PSSession : Connecting to remote server node1 failed with the following error "
        f"message : {_LIST}Encountered an internal error in the SSL library. The SSL certificate is "
        "signed by an unknown certificate authority.",
        f"New-PSSession : [node1] Connecting to remote server node1 failed with the following error "
        f"message : {_LIST}The SSL certificate contains a common name (CN) that does not match the "
        "hostname.\nAt line:1 char:1",
    ],
)
def test_a_certificate_entry_in_the_list_keeps_remoting_certificate(text):
    assert diagnose(text).family == "remoting-certificate"
