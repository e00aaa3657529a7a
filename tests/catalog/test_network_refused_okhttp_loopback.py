"""OkHttp's "Failed to connect to <host>/<address>:<port>" (RealConnection.connectSocket rethrows the
socket's ConnectException with the InetSocketAddress): to a loopback address it is a refusal (nothing
listens there, e.g. no OpenTelemetry collector on 4318); to another address the text cannot tell a
refusal from an OS connect timeout or an unreachable network."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "i.o.e.internal.http.HttpExporter - Failed to export logs. The request could not be"
        " executed. Full error message: Failed to connect to localhost/[0:0:0:0:0:0:0:1]:4318",
        "Failed to export spans. The request could not be executed. Full error message: Failed to"
        " connect to localhost/127.0.0.1:4318",
        "java.net.ConnectException: Failed to connect to localhost/0:0:0:0:0:0:0:1:4317",
        "java.net.ConnectException: Failed to connect to /127.0.0.1:8080",
    ],
)
def test_okhttps_connect_failure_to_a_loopback_address_is_network_refused(text):
    assert family_of(text) == "network-refused"


def test_okhttps_connect_failure_to_another_address_names_no_family_by_itself():
    text = (
        "Failed to export spans. The request could not be executed. Full error message: Failed to"
        " connect to otel.contoso.com/10.20.30.40:4318"
    )
    assert family_of(text) is None


def test_okhttps_connect_failure_with_its_cause_takes_the_causes_family():
    text = (
        "java.net.ConnectException: Failed to connect to otel.contoso.com/10.20.30.40:4318\n"
        "Caused by: java.net.ConnectException: Connection timed out"
    )
    assert family_of(text) == "network-timeout"
