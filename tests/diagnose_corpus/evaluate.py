"""Precision and recall of `orchestrate diagnose` per family, on one half of the corpus.

    python tests/diagnose_corpus/evaluate.py                 # the measure half (make diagnose-eval)
    python tests/diagnose_corpus/evaluate.py --half development --show-misses

The predicted family of a text is the family `diagnose` names first (Diagnosis.family); a text
with no family answer counts as a miss for its expected family. Texts marked `seed_text` never
count. Rules must not be written from the measure half: see README.md.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

HERE = Path(__file__).resolve().parent
HALVES = ("development", "measure")


@attrs.frozen
class Outcome:
    url: str
    expected: str
    predicted: str | None
    confidence: str


@attrs.frozen
class Score:
    family: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


def load_half(half: str) -> list[dict[str, Any]]:
    document = yaml.safe_load((HERE / f"{half}.yaml").read_text("utf-8"))
    entries: list[dict[str, Any]] = document["entries"]
    return entries


def run(entries: Iterable[Mapping[str, Any]]) -> list[Outcome]:
    from orchestrator.catalog.classify import diagnose

    outcomes = []
    for entry in entries:
        if entry.get("seed_text"):
            continue
        result = diagnose(entry["text"])
        outcomes.append(Outcome(entry["url"], entry["family"], result.family, result.confidence))
    return outcomes


def score(outcomes: Iterable[Outcome]) -> list[Score]:
    outcomes = list(outcomes)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.predicted == outcome.expected:
            tp[outcome.expected] += 1
        else:
            fn[outcome.expected] += 1
            if outcome.predicted is not None:
                fp[outcome.predicted] += 1
    families = sorted(set(tp) | set(fp) | set(fn))
    return [Score(f, tp[f], fp[f], fn[f]) for f in families]


def totals(outcomes: Iterable[Outcome]) -> tuple[float, float]:
    """Micro-averaged (precision, recall): precision over the texts given any family answer,
    recall over all texts."""
    outcomes = list(outcomes)
    answered = [o for o in outcomes if o.predicted is not None]
    correct = sum(1 for o in outcomes if o.predicted == o.expected)
    precision = correct / len(answered) if answered else 0.0
    recall = correct / len(outcomes) if outcomes else 0.0
    return precision, recall


def _percent(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}%"


def report(half: str, outcomes: list[Outcome], *, show_misses: bool = False) -> str:
    lines = [
        f"diagnose evaluation on the {half} half: {len(outcomes)} texts",
        f"{'family':30} {'texts':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}",
    ]
    for s in score(outcomes):
        lines.append(
            f"{s.family:30} {s.true_positives + s.false_negatives:5} {s.true_positives:4} "
            f"{s.false_positives:4} {s.false_negatives:4} {_percent(s.precision):>9} "
            f"{_percent(s.recall):>7}"
        )
    precision, recall = totals(outcomes)
    lines.append(f"overall (micro): precision {precision * 100:.1f}%, recall {recall * 100:.1f}%")
    if show_misses:
        for o in outcomes:
            if o.predicted != o.expected:
                lines.append(f"  miss: expected {o.expected}, got {o.predicted} ({o.url})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=HALVES, default="measure")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    outcomes = run(load_half(args.half))
    print(report(args.half, outcomes, show_misses=args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
