"""A connection the peer closed, in .NET's write failure and the JDK's HttpURLConnection.

dotnet/runtime System.Net.Sockets Strings.resx net_io_writefailure ("Unable to write data to the
transport connection: {0}.") around the socket's EPIPE text on Linux / macOS ("Broken pipe"): the class
of Go's "write: broken pipe" and the JDK's "SocketException: Broken pipe", already network-reset.
OpenJDK sun/net/www/http/HttpClient.java parseHTTPHeader: SocketException("Unexpected end of file from
server") when the server closed without a status line (a reused keep-alive connection it had dropped),
the class of .NET's "The response ended prematurely"."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "System.IO.IOException: Unable to write data to the transport connection: Broken pipe.\n"
        " ---> System.Net.Sockets.SocketException (32): Broken pipe",
        "System.IO.IOException: Unable to write data to the transport connection: Broken pipe.",
        "java.net.SocketException: Unexpected end of file from server\n"
        "\tat sun.net.www.http.HttpClient.parseHTTPHeader(HttpClient.java:866)",
        "Caused by: java.net.SocketException: Unexpected end of file from server",
    ],
)
def test_peer_closed_connection_is_network_reset(text):
    assert family_of(text) == "network-reset"


@pytest.mark.parametrize(
    "text",
    [
        # a local pipe (a child process's stdin), not a network connection
        "System.IO.IOException: Broken pipe",
        # a parser's end of input, not the JDK's socket exception
        "ParseError: Unexpected end of file from server config template",
    ],
)
def test_near_misses_are_not_network_reset(text):
    assert family_of(text) != "network-reset"
