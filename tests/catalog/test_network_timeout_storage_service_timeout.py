"""Azure Storage's own OperationTimedOut (500 "Operation could not be completed within the specified
time.") is the service's deadline, not a network timeout; its code no longer reads as the phrase
"operation timed out"."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "   RESPONSE Status: 500 Operation could not be completed within the specified time.\n"
        "   X-Ms-Error-Code: [OperationTimedOut]",
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>OperationTimedOut</Code><Message>Operation'
        " could not be completed within the specified time.\nRequestId:0000</Message></Error>",
        "Azure.RequestFailedException: Operation could not be completed within the specified time.\n"
        "Status: 500 (Operation could not be completed within the specified time.)\nErrorCode: OperationTimedOut",
    ],
)
def test_the_storage_services_own_timeout_is_no_network_timeout(text):
    assert family_of(text) is None


def test_a_client_timeout_still_names_network_timeout():
    assert (
        family_of("urllib3.exceptions.ReadTimeoutError: Read timed out. (read timeout=20)")
        == "network-timeout"
    )
