"""OpenSSH's client ending an established interactive session (openssh/openssh-portable clientloop.c
@0ef0f5a83: client_loop sends SSH2_MSG_DISCONNECT when the session ends and, if that write fails,
fatal_fr(r, "send disconnect") prints "client_loop: send disconnect: <error>";
client_process_net_input's quit_message "Read from remote host <host>: <error>" when the session's
read fails) is a session dropped after authentication (VS Code Remote-SSH's "ssh child died", an idle
session, the remote host or its server process going away): the text does not show a network cut,
so these lines name no family (decided, precision first). A connection reset before or without a
session keeps network-reset."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "[14:01:54.833] stderr> Authenticated to 127.0.0.1 ([127.0.0.1]:22).\n"
        "[14:01:56.077] stderr> client_loop: send disconnect: Connection reset by peer\n"
        "[14:01:56.084] > local-server-1> ssh child died, shutting down",
        "client_loop: send disconnect: Broken pipe",
        "Read from remote host node1.contoso.com: Connection reset by peer\nConnection to node1.contoso.com closed.",
    ],
)
def test_openssh_session_end_names_no_family(text):
    assert family_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Connection reset by peer",
        "curl: (56) Recv failure: Connection reset by peer",
        "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
    ],
)
def test_resets_outside_an_ssh_session_keep_network_reset(text):
    assert family_of(text) == "network-reset"
