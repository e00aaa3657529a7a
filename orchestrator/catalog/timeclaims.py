"""How far outside its validity window a token or assertion was, read from the message itself.

Entra ID, ARM and IdentityModel print the server's current time next to the token's limits:

* AADSTS700024: "Current time: 2024-10-02T22:05:03.6755165Z, assertion valid from
  1970-01-01T00:00:00.0000000Z, expiry time of assertion 2024-10-02T21:30:53.0000000Z"
* ARM ExpiredAuthenticationToken: "The access token expiry UTC time '6/15/2026 8:22:51 AM' is
  earlier than current UTC time '6/15/2026 9:27:25 AM'"
* IDX10223 / IDX10222: "ValidTo: '01/03/2018 17:22:20' Current time: '01/03/2018 19:17:34'"

The times come in the server's or the user's culture: ISO 8601, US month/day with AM/PM,
day.month.year (de-DE), day/month/year when the day is over 12, with or without fractions. A
difference of minutes points at the node's clock; of hours or days, at a token used after it
expired (a long step, a cached assertion).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_TIME = r"[0-9][0-9./:\- T]{7,30}[0-9](?:[.,]\d+)?Z?(?:\s*[AP]M)?"

# (pattern, which group is "now", which group is the limit, "expired" or "not yet valid")
_PAIRS: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(
            rf"Current time:\s*'?(?P<now>{_TIME})'?,\s*assertion valid from\s*'?(?P<start>{_TIME})'?"
            rf",\s*expiry time of assertion\s*'?(?P<end>{_TIME})'?",
            re.IGNORECASE,
        ),
        "now",
        "end",
        "start",
    ),
    (
        re.compile(
            rf"expiry UTC time\s*'(?P<end>{_TIME})'\s*is earlier than current UTC time\s*"
            rf"'(?P<now>{_TIME})'",
            re.IGNORECASE,
        ),
        "now",
        "end",
        "",
    ),
    (
        re.compile(
            rf"ValidTo:\s*'(?P<end>{_TIME})'\W{{0,4}}Current time:\s*'(?P<now>{_TIME})'",
            re.IGNORECASE,
        ),
        "now",
        "end",
        "",
    ),
    (
        re.compile(
            rf"ValidFrom:\s*'(?P<start>{_TIME})'\W{{0,4}}Current time:\s*'(?P<now>{_TIME})'",
            re.IGNORECASE,
        ),
        "now",
        "",
        "start",
    ),
)

_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
)


def parse_time(text: str) -> datetime | None:
    """A timestamp in any of the renderings above (fractions and a trailing Z dropped); None
    when it is none of them. Day/month order follows the culture's separator: a slash with a
    first number over 12 is day-first; a dot is always day-first."""
    value = re.sub(r"(?<=:\d\d)[.,]\d+", "", text.strip()).rstrip("Z").strip()
    value = re.sub(r"\s+", " ", value)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def _span(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{days}d"] if days else []
    parts += [f"{hours}h"] if hours else []
    parts += [f"{minutes}m"] if minutes else []
    parts += [f"{seconds}s"] if seconds or not parts else []
    return " ".join(parts)


def time_claims(text: str) -> list[tuple[str, str]]:
    """("expired_by" | "not_yet_valid_by", span) for each validity window the text states,
    plus a reading of what the size of the difference points at."""
    found: list[tuple[str, str]] = []
    for pattern, now_group, end_group, start_group in _PAIRS:
        for match in pattern.finditer(text):
            now = parse_time(match.group(now_group))
            if now is None:
                continue
            end = parse_time(match.group(end_group)) if end_group else None
            start = parse_time(match.group(start_group)) if start_group else None
            if end is not None and now > end:
                found.append(("expired_by", _span(now - end)))
                gap = now - end
            elif start is not None and now < start:
                found.append(("not_yet_valid_by", _span(start - now)))
                gap = start - now
            else:
                continue
            reading = (
                "minutes: check the node's clock against UTC"
                if gap < timedelta(minutes=30)
                else "over 30 minutes: a token or assertion was used after it expired"
            )
            found.append(("reading", reading))
    return list(dict.fromkeys(found))
