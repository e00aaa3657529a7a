"""A timestamp without an offset is read as UTC and never crashes a comparison (issue 12.11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from orchestrator.checks.clock import measure_skew
from orchestrator.timestamps import maybe_utc, parse_utc
from orchestrator.transport.base import Command, CommandResult


def test_naive_text_is_utc_and_offsets_are_converted() -> None:
    assert parse_utc("2026-01-05T09:00:30.1234567") == datetime(
        2026, 1, 5, 9, 0, 30, 123456, tzinfo=UTC
    )
    assert parse_utc("2026-01-05T10:00:30+01:00") == datetime(2026, 1, 5, 9, 0, 30, tzinfo=UTC)
    assert parse_utc(datetime(2026, 1, 5, 9)) == datetime(2026, 1, 5, 9, tzinfo=UTC)
    east = timezone(timedelta(hours=2))
    assert parse_utc(datetime(2026, 1, 5, 11, tzinfo=east)).hour == 9
    assert maybe_utc("") is None
    assert maybe_utc("yesterday") is None
    with pytest.raises(ValueError, match="isoformat"):
        parse_utc("yesterday")


class NaiveClockNode:
    node = "node1"

    def run(self, command: Command) -> CommandResult:
        # .NET "o" of a DateTime of Kind Unspecified: no offset at all
        return CommandResult(output=["2026-01-05T09:00:45.0000000"])

    def close(self) -> None:
        return None


def test_a_node_clock_without_offset_is_compared_not_crashed() -> None:
    controller = datetime(2026, 1, 5, 9, 0, 30, tzinfo=UTC)
    assert measure_skew("node1", NaiveClockNode(), lambda: controller) == 15.0
