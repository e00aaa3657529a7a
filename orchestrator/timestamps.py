"""Timestamps from nodes, read one way: every value the tool compares is aware and in UTC.

A node answers with ISO 8601 strings (`Get-Date -Format o`, CIM datetimes, the JSON of
Get-AzureStackHCI) or with the datetime pypsrp deserialized. .NET writes no offset for a
DateTime of Kind Unspecified ("2026-01-05T09:00:30.1234567"), and comparing such a naive value
with the controller's aware clock raises TypeError. A value without an offset is therefore read
as UTC (issue 12 item 11), which is also what the module and hcisvc record (UTC timestamps).
"""

from __future__ import annotations

from datetime import UTC, datetime


def parse_utc(value: object) -> datetime:
    """`value` (ISO 8601 text or a datetime) as an aware UTC datetime; ValueError if it is not
    a timestamp."""
    text = None if isinstance(value, datetime) else str(value).strip()
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def maybe_utc(value: object) -> datetime | None:
    """parse_utc, with None for an empty or unreadable value (callers that may skip it)."""
    if value is None or value == "":
        return None
    try:
        return parse_utc(value)
    except ValueError:
        return None
