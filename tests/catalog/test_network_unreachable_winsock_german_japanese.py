"""Windows Sockets WSAENETUNREACH 10051 / WSAEHOSTUNREACH 10065 as German and Japanese Windows print
them, without the code: network-unreachable."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "[22:43:09.6745] fail: [0] Ein Socketvorgang bezog sich auf ein nicht verfügbares Netzwerk.",
        "System.Net.Http.HttpRequestException: Ein Socketvorgang bezog sich auf ein nicht verfügbares"
        " Netzwerk. (management.azure.com:443)",
        "Ein Socketvorgang bezog sich auf einen nicht erreichbaren Host.",
        "OSError: [WinError 10065] 到達できないホストに対してソケット操作を実行しようとしました。",
        "System.Net.Http.HttpRequestException: 到達できないネットワークに対してソケット操作を実行しようとしました。"
        " (login.microsoftonline.com:443)",
    ],
)
def test_winsock_unreachable_in_german_and_japanese_is_network_unreachable(text):
    assert family_of(text) == "network-unreachable"


def test_another_german_socket_sentence_is_not_network_unreachable():
    # SocketAsyncEventArgs' InvalidOperationException in the German docs: no network failure
    assert (
        family_of(
            "InvalidOperationException: Es wird bereits ein Socketvorgang mit dem im e-Parameter ausgeführt."
        )
        is None
    )
