"""The diagnose evaluation (tests/diagnose_corpus): precision and recall per family, printed
(pytest -s, or `make diagnose-eval`) and held to a floor.

* The development set (development.yaml) is what rules may be written from; since the first
  split's measure half was read by rule writers it is part of it (README.md). Its floor guards
  against regressions; its numbers are not a measure.
* The measure set (measure.yaml), when present, holds texts collected apart from the rules and
  never read while writing them. Its test asserts the level recorded in the file's `measured`
  block (the one honest measurement, a regression floor from then on) or, before a level is
  recorded, the issue's target: recall >= 90% with precision >= 95%.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[1] / "diagnose_corpus"
sys.path.insert(0, str(CORPUS))

from evaluate import (  # noqa: E402
    DEVELOPMENT,
    MEASURE,
    expected_family,
    load_file,
    load_set,
    normalised,
    report,
    run,
    score,
    set_path,
    totals,
)
from split import half  # noqa: E402

from orchestrator.catalog.families import load_families  # noqa: E402

# Development set (the first split's two halves, the second, third and fourth measure sets and
# the two development batches; 651 texts that count). Right after the fourth measure set moved
# in: recall 90.9% / precision 97.8% (516 texts); after the families' reference tables were
# worked through class by class (session 4, each wording cited in families.yaml): 95.2% / 98.7%;
# with the two development batches added (136 texts), then generalised from their misses by
# class: recall 94.5% / precision 98.6%, rounded down here. Rules were written from these texts'
# families' references, and partly from these texts: a regression floor, not a measure.
# Session 4b: the fifth measure set moved in (114 texts: 94.0% / 98.5% right after the move), then
# its miss classes generalised from the references: recall 95.3%, precision 98.8%, rounded down.
# Session 4c: the sixth measure set moved in (116 texts: 94.6% / 98.7% right after the move), then
# its miss classes generalised from the references: recall 95.6%, precision 98.8%, rounded down.
# Session 4d: the seventh measure set moved in (92 texts from lower-ranked sources: 94.3% / 98.6%
# right after the move), then its miss classes generalised: recall 95.3%, precision 98.9%.
# Session 5: the eighth measure set moved in (77 texts, 15 close look-alike negatives: 95.3% /
# 98.2% right after the move), then its miss classes generalised: recall 95.6%, precision 99.1%.
# Session 5, second cycle: the ninth measure set moved in (131 texts, 24 look-alike negatives, 24
# Azure Local validator TSGs: 93.5% / 98.3% right after the move), then its miss classes
# generalised from the references (the environment validators' records, other providers'
# conflict wordings, look-alikes decided from their references): recall 95.4%, precision 98.6%.
# Session 5, third cycle: the tenth measure set moved in (69 texts, 13 look-alike negatives,
# localized WinRM texts: 94.4% / 98.5% right after the move), then its miss classes generalised
# (localized WinRM quota wordings, AKS pending operations, revocation behind .NET's chain error,
# the subscription-state validator): recall 95.1%, precision 98.6%.
# Session 6: the eleventh measure set moved in (53 texts, 10 look-alike negatives: 95.1% / 98.4%
# right after the move; the floors hold).
# Session 7: the twelfth measure set moved in (147 texts, 24 look-alike negatives: 95.2% / 98.2%
# right after the move; the floors hold).
# Session 7, second cycle: the thirteenth measure set moved in (152 texts, 28 look-alike
# negatives, 40 misses: 93.9% / 98.0% right after the move; the recall floor was 0.93 for that
# one commit, as after the ninth set), then its miss classes in the cloud families generalised:
# recall 95.3%, precision 98.4%, so the floors are back at 0.95 / 0.98.
# Session 7, third cycle: the fourteenth measure set moved in (140 texts, 28 look-alike
# negatives, 22 misses: 95.4% / 98.1% right after the move; the floors hold).
# Session 8, cycle A: the fifteenth measure set moved in (75 texts, 18 look-alike negatives,
# 11 misses: 95.8% / 98.1% right after the move; the floors hold).
# Session 8, cycle B: the sixteenth measure set moved in (159 texts, 28 look-alike negatives,
# 33 misses and 11 wrong answers: recall 94.6% (1597/1688), precision 97.8% (1597/1633) right
# after the move). As after the ninth and thirteenth sets, the floors are lowered for this one
# commit (0.94 / 0.97) and raised back to 0.95 / 0.98 once its miss classes are generalised.
# Its miss classes in the cloud families were then generalised from the references (the MFA claim
# expiry, Kerberos ticket-not-yet-valid, msrestazure's 409, azcore's 404 rendering, Go's header
# timeout and EOF, MQTT CONNACK refusals, ...): recall 95.2% (1607/1688), precision 98.1%
# (1607/1638), so the floors are back at 0.95 / 0.98.
# Session 8, cycle C: the seventeenth measure set moved in (181 texts, 41 look-alike negatives,
# 37 misses and 11 wrong answers: recall 94.3% (1723/1828), precision 97.7% (1723/1763) right
# after the move). As after the ninth, thirteenth and sixteenth sets, the floors are lowered for
# this one commit (0.94 / 0.97) and raised back to 0.95 / 0.98 once its miss classes are
# generalised. Its classes were then generalised by both rule writers (cycle C): recall 95.1%
# (1739/1828), precision 97.9% (1739/1776). The recall floor is back at 0.95; the precision
# floor stays 0.97 because 37 answers are still wrong (15 look-alikes answered, 22 texts
# answered as another family; the ones in the cloud families are discussed in the notes of
# i14-diagnose). No blind set is measured after this cycle.
# Session 9, cycle E: blind sets were measured again after all (the eighteenth, measured once at
# 829d10c). It moved in (198 texts, 32 look-alike negatives, 30 misses and 4 look-alikes
# answered: recall 94.1% (1876/1994), precision 97.6% (1876/1922) right after the move). The
# precision floor (0.97) holds; as after the ninth, thirteenth, sixteenth and seventeenth sets,
# the recall floor is lowered for this one commit (0.94) and raised back to 0.95 once its miss
# classes are generalised. They were then generalised by the three rule writers of cycle E:
# recall 95.0% (1895/1994), precision 97.9% (1895/1936) on main at 81cd9f3, so the recall floor
# is back at 0.95.
# Session 9, cycle F: the nineteenth measure set (measured once at b0063a3) moved in (123 texts,
# 20 look-alike negatives, 18 misses and 2 look-alikes answered: recall 94.4% (1980/2097),
# precision 97.8% (1980/2025) right after the move). The precision floor (0.97) holds; as after
# the ninth, thirteenth and sixteenth to eighteenth sets, the recall floor is lowered for this one
# commit (0.94) and raised back to 0.95 once its miss classes are generalised. They were then
# generalised by cycle F's rule writers: recall 95.0% (1993/2097), precision 98.0% (1993/2034) on
# main at 3a429b1 (i14-diagnose's 5450681 and 3a429b1, i14-network's 01ef0fa), so the recall
# floor is back at 0.95.
# Session 10, cycle G: the twentieth measure set (measured once at d01c736) moved in (86 texts,
# 14 look-alike negatives, 19 misses and 4 look-alikes answered: recall 94.3% (2046/2169),
# precision 97.7% (2046/2095) right after the move). The precision floor (0.97) holds; as after
# the ninth, thirteenth and sixteenth to nineteenth sets, the recall floor is lowered for this one
# commit (0.94) and raised back to 0.95 once its miss classes are generalised. They were then
# generalised by cycle G's rule writers: recall 95.1% (2062/2169), precision 98.0% (2062/2104) on
# i14-diagnose's ffcb1e0 (rebased on main at 925bb23, which holds all three writers' set-20 rules),
# so the recall floor is back at 0.95.
# Session 10, cycle H: the twenty-first measure set (measured once at af2be60) moved in (155
# texts, 24 look-alike negatives, 31 misses and 5 look-alikes answered: recall 94.0% (2162/2300),
# precision 97.6% (2162/2215) right after the move). The precision floor (0.97) holds; as after
# the ninth, thirteenth and sixteenth to twentieth sets, the recall floor is lowered for this one
# commit (0.94, which 2162/2300 meets exactly) and raised back to 0.95 once its miss classes are
# generalised. They were then generalised by cycle H's rule writers: recall 95.0% (2185/2300),
# precision 97.9% (2185/2231) on i14-diagnose's 1209b69 (on main at 6549093, which holds the three
# writers' set-21 rules: i14-diagnose 23f4cc7, i14-network 04e9c53 and f568e9a, i14-remoting
# f9aeb71 and 20ac252; merged rebased as c17453f, where later commits made it 95.1% (2188/2300)),
# so the recall floor is back at 0.95.
# Session 10, cycle I: the twenty-second measure set (measured once at 3a693fa) moved in (240
# texts, 40 look-alike negatives, 36 misses and 5 look-alikes answered: recall 94.1% (2352/2500),
# precision 97.8% (2352/2405) right after the move). The precision floor (0.97) holds; as after
# the ninth, thirteenth and sixteenth to twenty-first sets, the recall floor is lowered for this
# one commit (0.94) and raised back to 0.95 once its miss classes are generalised. Cycle I was a
# short one (its three writers' last rule commits d23c29f, 87085d9, b92b8c4): recall 94.9%
# (2372/2500), precision 98.0% (2372/2420) on main at b92b8c4, still below 0.95, so the recall
# floor stays 0.94 until the rest of the twenty-second set's classes are generalised.
# Session 11, cycle K: the twenty-third measure set (measured once at 06dcce5) moved in (148
# texts, 26 look-alike negatives, 24 misses and 5 look-alikes answered: recall 94.2% (2470/2622),
# precision 97.7% (2470/2528) right after the move). Both floors hold as they are: the recall
# floor stays 0.94 (lowered since cycle I) and goes back to 0.95 once the twenty-second and
# twenty-third sets' miss classes are generalised; the precision floor (0.97) holds. With cycle
# K's rules of all three writers (on main at a1ba56c, plus arm-not-found's deploy-task lookup):
# recall 94.9% (2489/2622), precision 98.0% (2489/2539), still below 0.95, so 0.94 stays.
# Session 11, cycle L: the twenty-fourth measure set (measured once at 95391f4) moved in (170
# texts, 28 look-alike negatives, 26 misses and 3 look-alikes answered: recall 94.2% (2605/2764),
# precision 97.9% (2605/2660) right after the move). Both floors hold as they are: the recall
# floor stays 0.94 and goes back to 0.95 once development recall reaches it; the precision floor
# (0.97) holds. With cycle L's rules of all three writers (on main at aa6dd33: i14-diagnose
# aa6dd33, i14-network 8d842da and b870e27, i14-remoting cb8abcf): recall 95.0% (2626/2764),
# precision 98.1% (2626/2677), so the recall floor is back at 0.95.
# Session 11, cycle M: the twenty-fifth measure set (measured once at 8e7431d) moved in (112
# texts, 20 look-alike negatives, 14 misses and none answered wrongly: recall 94.7% (2704/2856),
# precision 98.1% (2704/2755) right after the move). Development recall is below 0.95, so the
# recall floor is 0.94 again and goes back to 0.95 once development recall reaches it; the
# precision floor (0.97) holds.
# Session 12: the twenty-sixth measure set (measured once at 0f597f1) moved in (100 texts, 24
# look-alike negatives): recall 94.1% (2758/2931), precision 97.9% (2758/2816) right after the
# move, above both floors. The twenty-seventh (measured once at fc3dafc) moved in next (88
# texts, 17 look-alike negatives): recall 93.6% (2811/3002), precision 98.0% (2811/2869) right
# after the move, so the recall floor is 0.93 and goes back up as development recall does; the
# precision floor (0.97) holds. The twenty-eighth (measured once at b6a2fcb) moved in unread to
# free the slot: recall 93.4% (2893/3096), precision 97.9% (2893/2954), both floors hold. The twenty-ninth
# (measured once at 3deb6bb, then read) moved in next (94 texts, 17 look-alike negatives): recall
# 93.3% (2960/3173), precision 97.9% (2960/3024) right after the move, both floors hold. The thirtieth
# (measured once at bc6fab0, then read) moved in next (98 texts, 20 look-alike negatives): recall
# 93.5% (3039/3251), precision 98.1% (3039/3097) right after the move, both floors hold.
DEVELOPMENT_RECALL_FLOOR = 0.93
DEVELOPMENT_PRECISION_FLOOR = 0.97
# The target for the measure set, asserted until the one measurement is recorded.
TARGET_RECALL = 0.90
TARGET_PRECISION = 0.95

_ENTRY_FIELDS = {"url", "family", "fix", "text", "seed_text", "former_half", "collected"}


def _measure_document() -> dict[str, Any] | None:
    """measure.yaml's entries (field names normalised) and its `measured` block, if any."""
    path = set_path(MEASURE)
    if not path.is_file():
        return None
    document = yaml.safe_load(path.read_text("utf-8"))
    measured = document.get("measured") if isinstance(document, dict) else None
    return {"entries": load_file(path), "measured": measured}


needs_measure_set = pytest.mark.skipif(
    _measure_document() is None,
    reason="no measure set yet: tests/diagnose_corpus/measure.yaml is filled with texts "
    "collected apart from the rules (README.md)",
)


@pytest.fixture(scope="module")
def development_outcomes():
    return run(load_set(DEVELOPMENT))


def test_development_entries_are_complete_real_and_label_known_families():
    known = {f.id for f in load_families()}
    urls = []
    for entry in load_set(DEVELOPMENT):
        assert set(entry) <= _ENTRY_FIELDS, entry["url"]
        # One text of the fourth set was published on an http:// page (a copy of PowerShell 2's help).
        assert entry["url"].startswith(("https://", "http://")), entry
        assert expected_family(entry) is None or entry["family"] in known, entry["family"]
        assert entry["fix"].strip(), entry["url"]
        assert entry["text"].strip(), entry["url"]
        urls.append((entry["url"], " ".join(entry["text"].split())))
    # A troubleshooting page may give more than one failure text (the fourth set quotes two from
    # troubleshoot-hci-registration.md); one source never gives the same text twice.
    assert len(urls) == len(set(urls)), "one entry per source URL and text"
    assert len(urls) >= 3885


def test_the_former_measure_half_is_recorded_as_such():
    """What happened stays checkable: the entries marked former_half: measure are exactly the
    ones the first split (sha256 of the URL) put in the measure half; the second measure set
    (collected apart, measured once at 8138095, then read) is marked measure-2, 109 texts of
    which 13 should get no family; the third (measured once at 85aaa9a, then read) measure-3,
    94 texts of which 11 should get no family; the fourth (measured once at 4b22169, then read)
    measure-4, 94 texts of which 9 should get no family; the fifth (sets #5 and #5b, measured
    once at 5bc74e8, then read) measure-5, 114 texts of which 15 should get no family; the sixth
    (sets #6a and #6b, measured once at 60f55be, then read) measure-6, 116 texts of which 17 should
    get no family; the seventh (sets #7a and #7b, measured once at 54264d4, then read) measure-7,
    92 texts of which 21 should get no family; the eighth (sets #8a and #8b, measured once at
    fc6a6db, then read) measure-8, 77 texts of which 15 should get no family; the ninth (sets #9a,
    #9b and #9c, measured once at 351f240, then read) measure-9, 131 texts of which 24 should get
    no family; the tenth (sets #10a and #10b, measured once at dbd8dee, then read) measure-10, 69
    texts of which 13 should get no family; the eleventh (sets #11a and #11b, measured once at
    225f7b9, then read) measure-11, 53 texts of which 10 should get no family; the twelfth (sets
    #12a, #12b and #12c, measured once at 55d9b9e, then read) measure-12, 147 texts of which 24
    should get no family; the thirteenth (sets #13a, #13b, #13c and #13d, measured once at
    60fc250, then read) measure-13, 152 texts of which 28 should get no family; the fourteenth
    (sets #14a, #14b, #14c and #14d, measured once at 5988792, then read) measure-14, 140 texts of
    which 28 should get no family; the fifteenth (sets #15a, #15b, #15c and #15d, measured once at
    b2eef34, then read) measure-15, 75 texts of which 18 should get no family; the sixteenth (sets
    #16a, #16b, #16c and #16d, measured once at 2414726, then read) measure-16, 159 texts of which
    28 should get no family; the seventeenth (sets #17a-#17d and #18a-#18d, measured once at
    99e30e0, then read) measure-17, 181 texts of which 41 should get no family; the eighteenth
    (sets #19a-#19f, measured once at 829d10c, then read) measure-18, 198 texts of which 32 should
    get no family; the nineteenth (sets #20a-#20c, measured once at b0063a3, then read) measure-19,
    123 texts of which 20 should get no family; the twentieth (sets #21a-#21c, measured once at
    d01c736, then read) measure-20, 86 texts of which 14 should get no family; the twenty-first
    (sets #22a, #22b, #22c, #22e and #22f, measured once at af2be60, then read) measure-21, 155
    texts of which 24 should get no family; the twenty-second (sets #23a-#23d and #24a-#24c,
    measured once at 3a693fa, then read) measure-22, 240 texts of which 40 should get no family;
    the twenty-third (sets #25a-#25e, measured once at 06dcce5, then read) measure-23, 148 texts of
    which 26 should get no family; the twenty-fourth (sets #26a-#26e, measured once at 95391f4,
    then read) measure-24, 170 texts of which 28 should get no family; the twenty-fifth (sets
    #27a-#27d, measured once at 8e7431d, then read) measure-25, 112 texts of which 20 should get
    no family; the twenty-sixth (sets #28a, #28c-#28e, measured once at 0f597f1, then read)
    measure-26, 100 texts of which 24 should get no family; the twenty-seventh (sets #29a-#29c and
    #28b, measured once at fc3dafc, then read) measure-27, 88 texts of which 17 should get no
    family; the twenty-eighth (sets #30a-#30d, measured once at b6a2fcb, moved unread to free the
    slot) measure-28, 112 texts of which 18 should get no family; the twenty-ninth (sets #31a-#31d,
    measured once at 3deb6bb, then read) measure-29, 94 texts of which 17 should get no family; the
    thirtieth (sets #32a-#32d, measured once at bc6fab0, then read) measure-30, 98 texts of which 20
    should get no family."""
    entries = load_set(DEVELOPMENT)
    # former_half -> (texts, of which should get no family); the first split's half is not counted
    # by family.
    recorded = {
        "measure-2": (109, 13),
        "measure-3": (94, 11),
        "measure-4": (94, 9),
        "measure-5": (114, 15),
        "measure-6": (116, 17),
        "measure-7": (92, 21),
        "measure-8": (77, 15),
        "measure-9": (131, 24),
        "measure-10": (69, 13),
        "measure-11": (53, 10),
        "measure-12": (147, 24),
        "measure-13": (152, 28),
        "measure-14": (140, 28),
        "measure-15": (75, 18),
        "measure-16": (159, 28),
        "measure-17": (181, 41),
        "measure-18": (198, 32),
        "measure-19": (123, 20),
        "measure-20": (86, 14),
        "measure-21": (155, 24),
        "measure-22": (240, 40),
        "measure-23": (148, 26),
        "measure-24": (170, 28),
        "measure-25": (112, 20),
        "measure-26": (100, 24),
        "measure-27": (88, 17),
        "measure-28": (112, 18),
        "measure-29": (94, 17),
        "measure-30": (98, 20),
    }
    assert sum(e.get("former_half") == "measure" for e in entries) == 103
    found = {
        name: (
            len(members := [e for e in entries if e.get("former_half") == name]),
            sum(expected_family(e) is None for e in members),
        )
        for name in recorded
    }
    assert found == recorded
    for entry in entries:
        if entry.get("former_half") not in recorded and not entry.get("collected"):
            assert half(entry["url"]) == entry.get("former_half", "development"), entry["url"]


def test_the_development_batches_are_recorded_as_such():
    """Texts collected as development texts (not a former measure set) say which batch they came
    from: 59 of the first (three command-only TSG entries left out), 77 of the second, 14 of which
    should get no family."""
    entries = load_set(DEVELOPMENT)
    first = [e for e in entries if e.get("collected") == "dev-batch-1"]
    second = [e for e in entries if e.get("collected") == "dev-batch-2"]
    assert len(first) == 59
    assert len(second) == 77
    assert sum(expected_family(e) is None for e in second) == 14
    assert not any(e.get("former_half") for e in first + second)


def test_no_corpus_text_comes_from_our_own_seeds_or_docs():
    shared = Path("/work/shared/seeds")
    docs = Path(__file__).resolve().parents[2] / "docs"
    own = " ".join(
        p.read_text("utf-8", errors="replace")
        for folder in (shared, docs)
        if folder.is_dir()
        for p in folder.glob("*")
        if p.is_file()
    )
    document = _measure_document()
    measure = document["entries"] if document else []
    for entry in [*load_set(DEVELOPMENT), *measure]:
        if not entry.get("seed_text"):
            assert entry["text"].strip()[:200] not in own, entry["url"]


def test_development_set_precision_and_recall_per_family(development_outcomes, capsys):
    text = report(
        "the development set (not a measure: rules were written from it)",
        development_outcomes,
        show_misses=True,
        known=[f.id for f in load_families()],
    )
    with capsys.disabled():
        print("\n" + text)
    expected = {o.expected for o in development_outcomes} - {None}
    assert expected <= {s.family for s in score(development_outcomes)}
    precision, recall = totals(development_outcomes)
    assert recall >= DEVELOPMENT_RECALL_FLOOR, text
    assert precision >= DEVELOPMENT_PRECISION_FLOOR, text


def test_the_first_development_half_is_fully_recognised(development_outcomes):
    """The 119 texts rules were first written from: every one still names its family."""
    first = {
        e["url"] for e in load_set(DEVELOPMENT) if "former_half" not in e and "collected" not in e
    }
    misses = [o for o in development_outcomes if o.url in first and o.predicted != o.expected]
    assert not misses, misses


@needs_measure_set
def test_the_measure_set_shares_no_source_or_text_with_development():
    document = _measure_document()
    assert document is not None
    development = load_set(DEVELOPMENT)
    urls = {e["url"] for e in development}
    openings = {" ".join(e["text"].split())[:120] for e in development}
    for entry in document["entries"]:
        assert entry["url"] not in urls, entry["url"]
        assert " ".join(str(entry["text"]).split())[:120] not in openings, entry["url"]
        assert str(entry["text"]).strip(), entry["url"]
        assert entry["url"].startswith("http"), entry


@needs_measure_set
def test_measure_set_precision_and_recall_per_family(capsys):
    document = _measure_document()
    assert document is not None
    outcomes = run(document["entries"])
    known = [f.id for f in load_families()]
    text = report("the measure set (measure.yaml)", outcomes, show_misses=True, known=known)
    with capsys.disabled():
        print("\n" + text)
    measured = document.get("measured") or {}
    recall_floor = float(measured.get("recall", TARGET_RECALL))
    precision_floor = float(measured.get("precision", TARGET_PRECISION))
    precision, recall = totals(outcomes)
    assert recall >= recall_floor, text
    assert precision >= precision_floor, text


def test_a_text_that_should_get_no_family_counts_against_precision_only():
    """The scoring the measure relies on: `family: null` texts are left out of recall, and a
    family named for one is a false positive."""
    from evaluate import Outcome

    outcomes = [
        Outcome("https://a", "network-dns", "network-dns", "family"),
        Outcome("https://b", None, "network-dns", "family"),
        Outcome("https://c", None, None, "none"),
        Outcome("https://d", "tls-untrusted", None, "none"),
    ]
    precision, recall = totals(outcomes)
    assert (precision, recall) == (0.5, 0.5)
    dns = {s.family: s for s in score(outcomes)}["network-dns"]
    assert (dns.true_positives, dns.false_positives) == (1, 1)
    assert expected_family({"family": None}) is None
    assert expected_family({"family": "none"}) is None


def test_a_set_collected_with_other_field_names_is_read_under_the_corpus_names():
    entry = normalised(
        {"source_url": "https://x", "expected_family": "network-dns", "error_text": "no such host"}
    )
    assert (entry["url"], entry["family"], entry["text"]) == (
        "https://x",
        "network-dns",
        "no such host",
    )
    # the corpus names win when both are present
    assert normalised({"url": "https://a", "source": "https://b"})["url"] == "https://a"


def test_the_corpus_files_are_plain_yaml_lists():
    document = yaml.safe_load(set_path(DEVELOPMENT).read_text("utf-8"))
    assert isinstance(document["entries"], list)
