"""Precision and recall of `orchestrate diagnose` per family, on one set of the corpus.

    python tests/diagnose_corpus/evaluate.py                  # measure.yaml (make diagnose-eval)
    python tests/diagnose_corpus/evaluate.py --set development --show-misses
    python tests/diagnose_corpus/evaluate.py --file /path/to/texts.yaml --show-misses

The predicted family of a text is the family `diagnose` names first (Diagnosis.family); a text
with no family answer counts as a miss for its expected family. A text labelled `family: null`
(or `none`) should get no family answer: it is left out of recall, and any family named for it
is a false positive. Texts marked `seed_text` never count. Rules must not be written from the
measure set: see README.md.
"""

from __future__ import annotations

import argparse
import copy
import functools
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

HERE = Path(__file__).resolve().parent
DEVELOPMENT = "development"
MEASURE = "measure"
SETS = (DEVELOPMENT, MEASURE)
NO_FAMILY = ("none", "null", "")


@attrs.frozen
class Outcome:
    url: str
    expected: str | None  # None: the text should get no family answer
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


def set_path(name: str) -> Path:
    return HERE / f"{name}.yaml"


# Other names a collector may have used for the fields (a set collected apart from the rules is
# not reformatted by the rule writer, who must not read it).
_ALIASES = {
    "url": ("source_url", "source", "link"),
    "family": ("expected_family", "expected"),
    "text": ("error_text", "failure_text", "message"),
}


def normalised(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The entry with its fields under the corpus names (url, family, text)."""
    out = dict(entry)
    for name, aliases in _ALIASES.items():
        if name not in out:
            for alias in aliases:
                if alias in out:
                    out[name] = out.pop(alias)
                    break
    return out


def load_file(path: Path) -> list[dict[str, Any]]:
    """The entries of a corpus file: a mapping with an `entries` list, or a bare list. A copy
    of its one reading per version of the file: the suite reads development.yaml (1,000+
    texts, half a second of PyYAML each time) in seven tests."""
    status = path.stat()
    return copy.deepcopy(_entries(path.resolve(), status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=8)
def _entries(path: Path, _mtime_ns: int, _size: int) -> list[dict[str, Any]]:
    document = yaml.safe_load(path.read_text("utf-8"))
    entries = document["entries"] if isinstance(document, dict) else document
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{path}: expected a list of entries (url, family, fix, text)")
    return [normalised(entry) for entry in entries]


def load_set(name: str) -> list[dict[str, Any]]:
    return load_file(set_path(name))


def expected_family(entry: Mapping[str, Any]) -> str | None:
    value = entry.get("family")
    if value is None or str(value).strip().lower() in NO_FAMILY:
        return None
    return str(value).strip()


def run(entries: Iterable[Mapping[str, Any]]) -> list[Outcome]:
    from orchestrator.catalog.classify import diagnose

    outcomes = []
    for entry in entries:
        if entry.get("seed_text"):
            continue
        result = diagnose(entry["text"])
        outcomes.append(
            Outcome(str(entry["url"]), expected_family(entry), result.family, result.confidence)
        )
    return outcomes


def score(outcomes: Iterable[Outcome]) -> list[Score]:
    outcomes = list(outcomes)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.predicted == outcome.expected:
            if outcome.expected is not None:
                tp[outcome.expected] += 1
            continue
        if outcome.expected is not None:
            fn[outcome.expected] += 1
        if outcome.predicted is not None:
            fp[outcome.predicted] += 1
    families = sorted(set(tp) | set(fp) | set(fn))
    return [Score(f, tp[f], fp[f], fn[f]) for f in families]


def totals(outcomes: Iterable[Outcome]) -> tuple[float, float]:
    """Micro-averaged (precision, recall): precision over the texts given any family answer,
    recall over the texts that have a family."""
    outcomes = list(outcomes)
    answered = [o for o in outcomes if o.predicted is not None]
    positives = [o for o in outcomes if o.expected is not None]
    correct = sum(1 for o in positives if o.predicted == o.expected)
    precision = correct / len(answered) if answered else 0.0
    recall = correct / len(positives) if positives else 0.0
    return precision, recall


def _percent(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:4.0f}%"


def report(
    name: str,
    outcomes: list[Outcome],
    *,
    show_misses: bool = False,
    known: Iterable[str] | None = None,
) -> str:
    lines = [
        f"diagnose evaluation on {name}: {len(outcomes)} texts",
        f"{'family':30} {'texts':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}",
    ]
    for s in score(outcomes):
        lines.append(
            f"{s.family:30} {s.true_positives + s.false_negatives:5} {s.true_positives:4} "
            f"{s.false_positives:4} {s.false_negatives:4} {_percent(s.precision):>9} "
            f"{_percent(s.recall):>7}"
        )
    negatives = [o for o in outcomes if o.expected is None]
    if negatives:
        answered = sum(1 for o in negatives if o.predicted is not None)
        lines.append(
            f"texts that should get no family: {len(negatives)}, answered anyway: {answered}"
        )
    if known is not None:
        known = set(known)
        unknown = sorted({o.expected for o in outcomes if o.expected and o.expected not in known})
        if unknown:
            lines.append(f"labels no family of the table has (always misses): {', '.join(unknown)}")
    precision, recall = totals(outcomes)
    lines.append(f"overall (micro): precision {precision * 100:.1f}%, recall {recall * 100:.1f}%")
    if show_misses:
        for o in outcomes:
            if o.predicted != o.expected:
                lines.append(f"  miss: expected {o.expected}, got {o.predicted} ({o.url})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    # --half: the name the first split used (Makefile HALF=...); same meaning as --set.
    which.add_argument("--set", "--half", dest="set", choices=SETS, default=MEASURE)
    which.add_argument("--file", type=Path, help="any file of entries in the corpus format")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    path = args.file or set_path(args.set)
    if not path.is_file():
        print(
            f"{path}: no such file. The measure set is filled by whoever collected texts the "
            "rules were never written from (README.md); use --set development or --file PATH.",
            file=sys.stderr,
        )
        return 2
    from orchestrator.catalog.families import load_families

    outcomes = run(load_file(path))
    name = f"{path.name}" if args.file else f"the {args.set} set ({path.name})"
    known = [f.id for f in load_families()]
    print(report(name, outcomes, show_misses=args.show_misses, known=known))
    return 0


if __name__ == "__main__":
    sys.exit(main())
