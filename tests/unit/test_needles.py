"""The regex pre-filter: it must never hide a match, and it must make big inputs cheap."""

from __future__ import annotations

import time

import pytest

from orchestrator.catalog import classify, load_catalog
from orchestrator.catalog.needles import required_literal


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        ("Failed to create cluster resource", "failed to create cluster resource"),
        (r"Could(?:n\W?t| not) set and verify", " set and verify"),
        (r"dial tcp\s+\S+:\s*connect:\s*network is Forbidden", "network is forbidden"),
        (r"\bAZCM0043\b", "azcm0043"),
        (r"Arc machine\(s\) with names:?\s*(?P<n>.+?)\s+already", "arc machine(s) with names"),
        (r"abc|defgh", None),
        (r"ab?c", None),
        (
            r"[a-z]+ is not part of an Azure Stack HCI cluster",
            " is not part of an azure stack hci cluster",
        ),
        (r"Status\W{1,6}OutOfPolicy", "outofpolicy"),
        (r"x.*?yz", None),
    ],
)
def test_required_literal(pattern, needle):
    assert required_literal(pattern) == needle


def test_every_catalog_needle_is_in_every_example_its_pattern_matches():
    for signature in load_catalog():
        for matcher, needles in zip(signature.matchers, signature.needles, strict=True):
            for example in signature.examples:
                if matcher.search(example) and needles:
                    assert any(n in example.lower() for n in needles), (signature.id, example)


def test_a_large_log_is_scanned_quickly():
    lines = [
        f"2026/11/23 10:{i % 60:02d}:02 , INFO , Setting up certificates on node{i % 4} step {i}"
        for i in range(20000)
    ]
    lines[15000] = "ExecuteWithRetry operation AADTokenFetch failed after all retries"
    started = time.perf_counter()
    matches = classify("\n".join(lines))
    elapsed = time.perf_counter() - started
    assert [m.signature.id for m in matches] == ["hci-token-fetch-exhausted"]
    assert matches[0].evidence[0].line_number == 15001
    assert elapsed < 4.0, f"20 000 lines took {elapsed:.1f} s"
