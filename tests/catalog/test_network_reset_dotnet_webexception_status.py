""".NET Framework's WebException "The underlying connection was closed: <status>" names network-reset
only for the statuses that mean the connection was cut (ConnectionClosed, KeepAliveFailure,
ReceiveFailure as decided in test_network_wordings_s9e.py, SendFailure with the socket's reset inside).
ServerProtocolViolation (the reply was not valid HTTP) and SecureChannelFailure (the TLS handshake
failed) name no reset (WebExceptionStatus,
https://learn.microsoft.com/dotnet/api/system.net.webexceptionstatus)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "System.Net.WebException: The underlying connection was closed: The connection was closed"
        " unexpectedly.\n   at System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)",
        "The underlying connection was closed: A connection that was expected to be kept alive was"
        " closed by the server.",
        "System.Net.WebException: The underlying connection was closed: An unexpected error occurred on"
        " a receive. ---> System.IO.IOException: Unable to read data from the transport connection: An"
        " existing connection was forcibly closed by the remote host. ---> System.Net.Sockets."
        "SocketException: An existing connection was forcibly closed by the remote host",
    ],
)
def test_a_cut_connection_is_network_reset(text):
    assert family_of(text) == "network-reset"


@pytest.mark.parametrize(
    "text",
    [
        "System.Net.WebException: The underlying connection was closed: The server committed a protocol"
        " violation.",
        "The underlying connection was closed: Could not establish secure channel for SSL/TLS.",
    ],
)
def test_other_statuses_name_no_reset(text):
    assert family_of(text) != "network-reset"
