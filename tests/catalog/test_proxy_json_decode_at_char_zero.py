"""CPython's JSONDecodeError at char 0 ("Expecting value: line 1 column 1 (char 0)", az's "JSON is
invalid: ...") shows no proxy: an empty body raises it as a web filter's page does. A proxy page's own
words still name the proxy."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "##[error]JSON is invalid: Expecting value: line 1 column 1 (char 0)\n"
        "##[error]Login failed with Error: The process '/usr/bin/az' failed with exit code 1.",
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
    ],
)
def test_a_json_decode_error_at_char_zero_names_no_family(text):
    assert family_of(text) is None


def test_a_proxy_page_beside_the_decode_error_still_names_proxy():
    text = (
        "JSON is invalid: Expecting value: line 1 column 1 (char 0)\n"
        "<html><head><title>Access Denied</title></head><body>The requested URL was blocked.</body></html>"
    )
    assert family_of(text) == "proxy"
