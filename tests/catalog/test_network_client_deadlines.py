"""A client's deadline for a whole request or one try of it names no network family by itself: it
elapses as well when a reachable service is slow (HttpClient.Timeout, Azure.Core's
RetryOptions.NetworkTimeout in ResponseBodyPolicy). A network timeout inside it still names
network-timeout."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        " ---> (Inner Exception #1) System.Threading.Tasks.TaskCanceledException: The operation was"
        " cancelled because it exceeded the configured timeout of 0:01:40. Network timeout can be"
        " adjusted in ClientOptions.Retry.NetworkTimeout.\n ---> System.Threading.Tasks."
        "TaskCanceledException: A task was canceled.",
        "Azure.RequestFailedException: Retry failed after 6 tries. (The operation was cancelled"
        " because it exceeded the configured timeout of 0:01:40. Network timeout can be adjusted in"
        " ClientOptions.Retry.NetworkTimeout.)",
    ],
)
def test_azure_cores_per_try_timeout_alone_is_no_network_family(text):
    assert family_of(text) is None


def test_azure_cores_per_try_timeout_around_a_connect_timeout_is_network_timeout():
    text = (
        "Azure.RequestFailedException: Retry failed after 6 tries. (The operation was cancelled"
        " because it exceeded the configured timeout of 0:01:40. Network timeout can be adjusted in"
        " ClientOptions.Retry.NetworkTimeout.)\n ---> System.Net.Sockets.SocketException (10060): A"
        " connection attempt failed because the connected party did not properly respond after a"
        " period of time, or established connection failed because connected host has failed to"
        " respond."
    )
    assert family_of(text) == "network-timeout"
