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


@pytest.mark.parametrize(
    ("solution", "build", "ubr", "release"),
    [
        # azure-stack-docs azure-local/release-information-23h2.md @ a38070fc (10/22/2025):
        # the 11.x (23H2) and 12.x (24H2) rows of October 2025, and the first 12.x (2504)
        ("11.2510", 25398, 1910, "23H2"),
        ("12.2510", 26100, 6887, "24H2"),
        ("12.2504.1001.20", 26100, 3775, "24H2"),
    ],
)
def test_microsofts_release_table_rows_map_to_their_release(
    solution: str, build: int, ubr: int, release: str
) -> None:
    seen = OsRelease(build=build, ubr=ubr)
    assert seen.release == release, solution
    assert seen.describe().startswith(f"Azure Local {release} (build {build}.{ubr}")
