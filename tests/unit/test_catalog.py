"""The failure catalog as data: every entry is complete and consistent, its patterns match
its own examples and nothing they should not, and broken data is refused at load."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from orchestrator.catalog import (
    CatalogError,
    FailureClass,
    classify,
    load_catalog,
    parse_catalog,
)
from orchestrator.catalog.loader import DATA_FILE
from orchestrator.catalog.models import KNOWN_SCENARIOS

CATALOG = load_catalog()
ENTRIES = list(CATALOG)


def _ids(text: str) -> set[str]:
    return {m.signature.id for m in classify(text)}


def test_catalog_is_shipped_as_package_data_and_loads():
    from importlib import resources

    assert resources.files("orchestrator.catalog").joinpath(DATA_FILE).is_file()
    assert len(CATALOG) >= 90


def test_ids_are_unique():
    ids = [s.id for s in ENTRIES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("signature", ENTRIES, ids=lambda s: s.id)
def test_every_entry_is_complete(signature):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", signature.id)
    assert signature.title.strip()
    assert signature.cause.strip()
    assert signature.remediation.strip()
    assert signature.source.strip()
    assert isinstance(signature.retryable, bool)
    assert isinstance(signature.failure_class, FailureClass)
    assert set(signature.scenarios) <= KNOWN_SCENARIOS
    assert signature.command is None or signature.command.startswith("orchestrate ")
    assert signature.matchers or signature.exception_types
    if signature.failure_class is FailureClass.INFORMATIONAL:
        assert not signature.retryable


@pytest.mark.parametrize("signature", ENTRIES, ids=lambda s: s.id)
def test_every_pattern_compiles_case_insensitively_and_matches_an_example(signature):
    for matcher in signature.matchers:
        assert matcher.flags & re.IGNORECASE
        assert any(matcher.search(example) for example in signature.examples), matcher.pattern


@pytest.mark.parametrize("signature", ENTRIES, ids=lambda s: s.id)
def test_examples_match_their_entry_and_only_declared_overlaps(signature):
    for example in signature.examples:
        found = _ids(example)
        assert signature.id in found, example
        unexpected = found - {signature.id} - set(signature.overlaps)
        assert not unexpected, f"{example!r} also matches {sorted(unexpected)}"


@pytest.mark.parametrize("signature", ENTRIES, ids=lambda s: s.id)
def test_examples_match_in_upper_case_too(signature):
    for example in signature.examples:
        assert signature.id in _ids(example.upper()), example


# seeds/002 "Agent error codes": every code in the table.
SEED_AZCM_CODES = [
    "0000", "0001", "0011", "0012", "0013", "0014", "0015", "0016", "0017", "0018",
    "0041", "0042", "0043", "0044", "0061", "0062", "0063", "0064", "0065", "0066",
    "0067", "0068", "0081", "0101", "0102", "0103", "0104",
]  # fmt: skip


@pytest.mark.parametrize("code", SEED_AZCM_CODES)
def test_every_azcm_code_of_the_seed_table_has_its_own_entry(code):
    matches = classify(f"Error: AZCM{code}: something failed")
    assert [m.signature.id.split("-")[0] for m in matches] == [f"azcm{code}"]
    assert "D1" in matches[0].signature.scenarios


# facts §1.6: the documented WacErrorCodes / HCI Registration event ids in 9101-9132.
DOCUMENTED_REGISTRATION_CODES = [
    9101, 9102, 9104, 9105, 9106, 9107, 9108, 9109, 9110, 9111, 9112, 9113, 9114, 9115,
    9116, 9117, 9118, 9119, 9120, 9121, 9123, 9125, 9127, 9128, 9129, 9130, 9131, 9132,
]  # fmt: skip


@pytest.mark.parametrize("code", DOCUMENTED_REGISTRATION_CODES)
@pytest.mark.parametrize(
    "form",
    ["WacErrorCode : {}", "Event ID: {}", "<EventID Qualifiers='0'>{}</EventID>", '"Id": {},'],
)
def test_every_documented_registration_code_is_recognised_in_every_form(code, form):
    matches = classify(form.format(code))
    assert len(matches) == 1
    assert code in matches[0].signature.event_ids


def test_undocumented_codes_and_nearby_numbers_are_not_guessed():
    assert classify("WacErrorCode : 9103") == []
    assert classify("Event ID: 5910") == []
    assert classify("Process Id : 591 elapsed 9110 ms") == []


@pytest.mark.parametrize(
    ("event_id", "entry", "retryable"),
    [
        (585, "event-585-license-renewal-failed", True),
        (591, "event-591-failed-to-connect", False),
        (592, "event-592-repair-initiated", False),
        (594, "event-594-data-access-error", False),
    ],
)
def test_out_of_policy_events(event_id, entry, retryable):
    (match,) = classify(f"<EventID>{event_id}</EventID>")
    assert match.signature.id == entry
    assert match.signature.retryable is retryable
    assert "C8" in match.signature.scenarios


def test_event_591_points_at_repair_and_592_is_informational():
    assert CATALOG.get("event-591-failed-to-connect").command == "orchestrate repair -i INVENTORY"
    assert CATALOG.get("event-592-repair-initiated").failure_class is FailureClass.INFORMATIONAL


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        (
            "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used "
            "is expired. Thumbprint of key used by client: 'AB12', Found key 'Start=01/02/2025 "
            "10:00:00, End=01/02/2027 10:00:00'",
            "aad-client-assertion-key-expired",
        ),
        (
            "exception: AADSTS700027: Client assertion failed signature validation",
            "aad-client-assertion-signature-validation",
        ),
        ("AADSTS80013: OnPremisesPasswordValidationTimeSkew", "aad-time-skew"),
        ("AADSTS7000215: Invalid client secret provided.", "aad-invalid-client-secret"),
        ("AADSTS50076: you must use multi-factor authentication", "hci-tenant-not-explicit"),
    ],
)
def test_aadsts_variants_are_told_apart(text, entry):
    assert _ids(text) == {entry}


def test_the_two_700027_variants_lead_to_different_fixes():
    clock = CATALOG.get("aad-client-assertion-key-expired")
    rotation = CATALOG.get("aad-client-assertion-signature-validation")
    assert clock.failure_class is FailureClass.CLOCK
    assert rotation.command == "orchestrate repair -i INVENTORY"
    assert "C3" in rotation.scenarios
    assert "A5" in clock.scenarios


def test_variable_parts_are_tolerated():
    # node lists with spaces, typographic apostrophe, lower case
    text = "failed to register. couldn’t generate self-signed certificate on node(s) { n-1 , n-2 }"
    (match,) = classify(text)
    assert match.signature.id == "hci-cert-generate-failed"
    assert match.details() == {"nodes": ["n-1", "n-2"]}


def test_an_empty_node_list_is_not_a_failure_on_any_node():
    text = (
        "Failed to register. Couldn't generate self-signed certificate on node(s) {}. "
        "Couldn't set and verify registration certificate on node(s) {node3}."
    )
    assert _ids(text) == {"hci-cert-verify-failed"}


# --- refusing broken data -----------------------------------------------------------------


def _document() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("orchestrator.catalog").joinpath(DATA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "sample-entry",
        "title": "A sample",
        "family": "registration-message",
        "patterns": ["sample failure (?P<nodes>\\w+)"],
        "class": "transient",
        "retryable": True,
        "scenarios": ["A4"],
        "cause": "because",
        "remediation": "do this",
        "source": "test",
        "examples": ["sample failure node1"],
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


def test_the_shipped_document_parses_to_the_same_catalog():
    assert parse_catalog(_document()) == CATALOG


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"patterns": ["broken (group"]}, "does not compile"),
        ({"examples": ["something else"]}, "matches none of its examples"),
        ({"class": "flaky"}, "'flaky' is not a valid FailureClass"),
        ({"family": "misc"}, "'misc' is not a valid Family"),
        ({"scenarios": ["Z9"]}, "not rows of SCENARIOS.md"),
        ({"retryable": "yes"}, "retryable must be true or false"),
        ({"cause": None}, "missing field(s) ['cause']"),
        ({"colour": "red"}, "unknown field(s) ['colour']"),
        ({"id": "Bad Id"}, "lowercase words joined by dashes"),
        ({"command": "rm -rf /"}, "must be an orchestrate command"),
        ({"exception_types": ["KeyError"]}, "KeyError is not a class in orchestrator.errors"),
        ({"overlaps": ["nobody"]}, "overlaps names unknown id(s) ['nobody']"),
        ({"examples": []}, "needs examples"),
        ({"patterns": [], "examples": []}, "needs patterns, event_ids or exception_types"),
        ({"class": "informational"}, "informational entry cannot be retryable"),
        ({"event_ids": ["591"]}, "event_ids must be a list of integers"),
    ],
)
def test_broken_entries_are_refused_naming_entry_and_field(changes, message):
    with pytest.raises(CatalogError) as error:
        parse_catalog({"entries": [_entry(**changes)]})
    assert message in str(error.value)
    assert str(error.value).startswith("entry ")


def test_duplicate_ids_are_refused():
    with pytest.raises(CatalogError, match=r"duplicate id\(s\) \['sample-entry'\]"):
        parse_catalog({"entries": [_entry(), _entry()]})


def test_an_empty_catalog_is_refused():
    with pytest.raises(CatalogError, match="non-empty 'entries' list"):
        parse_catalog({"entries": []})
