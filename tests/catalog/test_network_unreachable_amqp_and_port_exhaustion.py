"""uamqp's CBS session failure ("Unable to open authentication session on connection ...
Please confirm target hostname exists") is a connection that could not be made (weak: a reason beside
it decides); a connect failure from the client's own port / buffer exhaustion (WSAENOBUFS 10055) is no
network path family."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

_CBS = (
    "azure.eventhub.common.EventHubError: Unable to open authentication session on connection"
    " b'EHSender-f0e2-partition0'.\nPlease confirm target hostname exists:"
    " b'contoso-ehns.servicebus.windows.net'"
)


def test_uamqps_authentication_session_failure_is_network_unreachable():
    assert family_of("'eventhub.pysdk-35e9': All clients failed to start.\n" + _CBS) == (
        "network-unreachable"
    )
    assert family_of(_CBS) == "network-unreachable"


def test_a_reason_beside_uamqps_failure_decides():
    text = _CBS + "\nsocket.gaierror: [Errno -2] Name or service not known"
    assert family_of(text) == "network-dns"


def test_all_clients_failed_to_start_alone_names_no_family():
    assert family_of("WARNING:azure.eventhub.client:eh-1: All clients failed to start.") is None


@pytest.mark.parametrize(
    "text",
    [
        '"errormessage":"{Message: \\"An error occurred while sending the request.\\"\\r\\n'
        'InnerException: {\\r\\n \\"ClassName\\": \\"System.Net.WebException\\",\\r\\n \\"Message\\":'
        ' \\"Unable to connect to the remote server\\",\\r\\n \\"InnerException\\": {\\r\\n'
        ' \\"NativeErrorCode\\": 10055,\\r\\n \\"ClassName\\": \\"System.Net.Sockets.SocketException\\",'
        '\\r\\n \\"Message\\": \\"An operation on a socket could not be performed because the system'
        ' lacked sufficient buffer space or because a queue was full\\",',
        "System.Net.WebException: Unable to connect to the remote server ---> System.Net.Sockets."
        "SocketException (10055): An operation on a socket could not be performed because the"
        " system lacked sufficient buffer space or because a queue was full.",
    ],
)
def test_a_connect_failure_from_port_exhaustion_is_no_network_path_family(text):
    assert family_of(text) is None
