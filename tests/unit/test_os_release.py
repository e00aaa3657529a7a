"""Builds map to releases as Microsoft's release pages and Az.StackHCI's constants say."""

from __future__ import annotations

import pytest

from orchestrator.facts.os_release import OsRelease


@pytest.mark.parametrize(
    ("build", "release", "product", "arc_first"),
    [
        (17784, "20H2", "Azure Stack HCI", False),
        (20348, "21H2", "Azure Stack HCI", False),
        (20349, "22H2", "Azure Stack HCI", False),
        # stackhci.ps1 `$23H2BuildNumber = 20350`: the module treats it as 23H2 already
        (20350, "23H2 or later", "Azure Local", True),
        (25398, "23H2", "Azure Local", True),
        (26100, "24H2", "Azure Local", True),
        (26200, "later than 24H2", "Azure Local", True),
    ],
)
def test_build_maps_to_release(build: int, release: str, product: str, arc_first: bool) -> None:
    seen = OsRelease(build=build)
    assert (seen.release, seen.product, seen.arc_first) == (release, product, arc_first)


def test_describe_names_build_ubr_and_display_version() -> None:
    release = OsRelease(build=25398, ubr=1251, display_version="23H2")
    assert release.describe() == "Azure Local 23H2 (build 25398.1251, DisplayVersion 23H2)"
