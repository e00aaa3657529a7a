"""The diagnose evaluation: precision and recall per family on the measure half of the corpus
(tests/diagnose_corpus), texts whose rules were not written from them. The numbers are printed
(pytest -s, or `make diagnose-eval`); the assertions guard the corpus's integrity and the
measured level against regressions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[1] / "diagnose_corpus"
sys.path.insert(0, str(CORPUS))

from evaluate import load_half, report, run, score, totals  # noqa: E402
from split import DEVELOPMENT, MEASURE, half  # noqa: E402

from orchestrator.catalog.families import load_families  # noqa: E402

# The level measured the first (and only) time the families were evaluated on the measure half,
# at commit bd408ed: recall 89.2%, precision 98.9% over 102 texts. No rule was changed after
# reading that result; a change that lowers it is a regression. The target (>= 90% recall with
# >= 95% precision) is stated in the report, not assumed here.
RECALL_FLOOR = 0.89
PRECISION_FLOOR = 0.98


@pytest.fixture(scope="module")
def measure_outcomes():
    return run(load_half(MEASURE))


def test_every_entry_sits_in_the_half_its_url_hashes_to():
    for name in (DEVELOPMENT, MEASURE):
        for entry in load_half(name):
            assert half(entry["url"]) == name, entry["url"]


def test_entries_are_complete_real_and_label_known_families():
    known = {f.id for f in load_families()}
    urls = []
    for name in (DEVELOPMENT, MEASURE):
        for entry in load_half(name):
            assert set(entry) <= {"url", "family", "fix", "text", "seed_text"}
            assert entry["url"].startswith("https://"), entry
            assert entry["family"] in known, entry["family"]
            assert entry["fix"].strip(), entry["url"]
            assert entry["text"].strip(), entry["url"]
            urls.append(entry["url"])
    assert len(urls) == len(set(urls)), "one text per source URL"
    assert len(urls) >= 120


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
    for name in (DEVELOPMENT, MEASURE):
        for entry in load_half(name):
            if not entry.get("seed_text"):
                assert entry["text"].strip()[:200] not in own, entry["url"]


def test_measure_half_precision_and_recall_per_family(measure_outcomes, capsys):
    text = report(MEASURE, measure_outcomes, show_misses=True)
    with capsys.disabled():
        print("\n" + text)
    scored = {s.family for s in score(measure_outcomes)}
    expected = {o.expected for o in measure_outcomes}
    assert expected <= scored
    precision, recall = totals(measure_outcomes)
    assert recall >= RECALL_FLOOR
    assert precision >= PRECISION_FLOOR


def test_development_half_is_fully_recognised():
    outcomes = run(load_half(DEVELOPMENT))
    misses = [o for o in outcomes if o.predicted != o.expected]
    assert not misses, misses


def test_the_corpus_files_are_plain_yaml_lists():
    for name in (DEVELOPMENT, MEASURE):
        document = yaml.safe_load((CORPUS / f"{name}.yaml").read_text("utf-8"))
        assert isinstance(document["entries"], list)
