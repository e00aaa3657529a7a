"""A `patterns` row may be a mapping {pattern: <regex>, beside: <regex>, within: N}: the pattern
counts only with a match of `beside` (a context: an ARM client, a WinRM endpoint) at most N
characters before or after it. The loader compiles the row into the one regex
`(?:B).{0,N}?(?:P)|(?:P).{0,N}?(?:B)` that such rows used to spell out by hand (each part grouped
only where it has a top-level `|`), so the matcher and its answers are those of the hand-written
regex; rows sharing a context write it once (a YAML anchor: AutoRest's / azure-core's bare status
wrapper beside &arm-client in arm-authorization, arm-not-found, arm-conflict and arm-throttling).
A malformed row fails the load with an error naming the family and the field
(orchestrator/catalog/families.py, families.yaml's field list)."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.catalog.families import load_families, parse_families
from orchestrator.catalog.models import CatalogError
from tests.catalog.wordings import family_entry, family_of

EXAMPLE = "VM has reported a failure when processing extension 'X' on the Arc machine"
ENTRY = family_entry(examples=[EXAMPLE])


def _patterns(*rows: Any, examples: tuple[str, ...] = (EXAMPLE,)) -> list[str]:
    entry = {**ENTRY, "patterns": list(rows), "examples": list(examples)}
    family = parse_families({"families": [entry]}).get("arc-extension")
    return [pattern.pattern for pattern in family.patterns]


def test_a_beside_row_compiles_into_the_either_order_regex() -> None:
    row = {"pattern": "processing extension", "beside": r"\bArc\b", "within": 100}
    assert _patterns(row) == [
        r"\bArc\b.{0,100}?processing extension|processing extension.{0,100}?\bArc\b"
    ]


def test_a_part_with_a_top_level_alternation_is_grouped_and_only_then() -> None:
    row = {"pattern": "processing extension|reported a failure", "beside": "Arc|[|]", "within": 50}
    assert _patterns(row) == [
        "(?:Arc|[|]).{0,50}?(?:processing extension|reported a failure)"
        "|(?:processing extension|reported a failure).{0,50}?(?:Arc|[|])"
    ]
    # an alternation inside a group, a class or after a backslash is no top-level one
    row = {"pattern": "processing (?:extension|plugin)", "beside": r"[|]?\bArc\|?", "within": 50}
    assert _patterns(row) == [
        r"[|]?\bArc\|?.{0,50}?processing (?:extension|plugin)"
        r"|processing (?:extension|plugin).{0,50}?[|]?\bArc\|?"
    ]


def test_a_beside_row_matches_on_either_side_within_its_distance_only() -> None:
    row = {"pattern": "processing extension", "beside": r"\bArc\b", "within": 30}
    (pattern,) = (
        parse_families({"families": [{**ENTRY, "patterns": [row]}]}).get("arc-extension").patterns
    )
    assert pattern.search(EXAMPLE)  # the context after the pattern
    assert pattern.search("Arc machine: processing extension 'X' failed")  # before it
    assert not pattern.search("processing extension 'X' failed" + " " * 40 + "on the Arc machine")
    assert not pattern.search("processing extension 'X' failed")


def test_rows_mix_regexes_and_beside_rows_in_their_order() -> None:
    row = {"pattern": "processing extension", "beside": "Arc", "within": 100}
    assert _patterns("reported a failure", row, "on the Arc") == [
        "reported a failure",
        "Arc.{0,100}?processing extension|processing extension.{0,100}?Arc",
        "on the Arc",
    ]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            {"pattern": "processing", "beside": "Arc", "within": 9, "near": 1},
            r"pattern row 'processing': unknown key\(s\) \['near'\]",
        ),
        ({"beside": "Arc", "within": 9}, "'pattern' must be a regex"),
        ({"pattern": "", "beside": "Arc", "within": 9}, "'pattern' must be a regex"),
        ({"pattern": "processing", "within": 9}, "'beside' must be a regex"),
        ({"pattern": "processing", "beside": ["Arc"], "within": 9}, "'beside' must be a regex"),
        ({"pattern": "processing", "beside": "Arc"}, "'within' must be a number of characters"),
        (
            {"pattern": "processing", "beside": "Arc", "within": "9"},
            "'within' must be a number of characters",
        ),
        (
            {"pattern": "processing", "beside": "Arc", "within": True},
            "'within' must be a number of characters",
        ),
        ({"pattern": "processing", "beside": "Arc", "within": 0}, "'within' must be 1-2000"),
        ({"pattern": "processing", "beside": "Arc", "within": 2001}, "'within' must be 1-2000"),
        ({"pattern": "processing(", "beside": "Arc", "within": 9}, "'pattern' .* does not compile"),
        ({"pattern": "processing", "beside": "Arc(", "within": 9}, "'beside' .* does not compile"),
        ({"pattern": "processing", "beside": "Arc|", "within": 9}, "matches an empty text"),
        ({"pattern": "(?:processing)?", "beside": "Arc", "within": 9}, "matches an empty text"),
        (
            {"pattern": r"(process)ing \1", "beside": "Arc", "within": 9},
            "'pattern' has a named group or a back-reference",
        ),
        (
            {"pattern": "processing", "beside": "(?P<node>Arc)", "within": 9},
            "'beside' has a named group or a back-reference",
        ),
        (42, r"a regex or a mapping \{pattern, beside, within\}"),
    ],
)
def test_a_malformed_beside_row_fails_the_load_naming_family_and_field(
    row: Any, error: str
) -> None:
    with pytest.raises(CatalogError, match=rf"family arc-extension: .*{error}"):
        _patterns(row)


def test_an_escaped_backslash_before_a_digit_is_no_back_reference() -> None:
    row = {"pattern": r"processing\\1", "beside": "Arc", "within": 9}
    examples = (EXAMPLE, r"processing\1 on Arc")
    assert _patterns(row, "processing extension", examples=examples) == [
        r"Arc.{0,9}?processing\\1|processing\\1.{0,9}?Arc",
        "processing extension",
    ]


ARM_CLIENT_ROWS = {
    "arm-authorization": "Forbidden",
    "arm-not-found": "NotFound|Not Found",
    "arm-conflict": "Conflict",
    "arm-throttling": "TooManyRequests|Too Many Requests",
}


@pytest.mark.parametrize(("family_id", "statuses"), ARM_CLIENT_ROWS.items())
def test_the_autorest_status_rows_share_one_arm_client_context(
    family_id: str, statuses: str
) -> None:
    wrapper = rf"\bOperation returned an invalid status(?: code)? '(?:{statuses})'"
    (row,) = [p.pattern for p in load_families().get(family_id).patterns if wrapper in p.pattern]
    context, _, rest = row.partition(".{0,1500}?")
    assert context.startswith(r"(?:azure[./\\]mgmt\b|\bMicrosoft\.Azure\.Management\b")
    assert row == f"{context}.{{0,1500}}?{wrapper}|{wrapper}.{{0,1500}}?{context}"
    assert rest.startswith(wrapper)


def test_the_arm_client_context_still_decides_the_bare_wrapper() -> None:
    wrapper = "Operation returned an invalid status code 'Conflict'"
    assert family_of(wrapper) is None
    assert family_of(f"azure.mgmt.network: {wrapper}") == "arm-conflict"
    assert family_of(f"Get-AzKeyVaultSecret : {wrapper}") is None
