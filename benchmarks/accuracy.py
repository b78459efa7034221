"""Measured accuracy: avgscan and plain Presidio side by side on the generated corpus.

    .venv/bin/python benchmarks/accuracy.py [--seed N] [--documents N] [--rows N]

Prints precision, recall and F1 per entity type (span level), per column class, and per
special category (document level), then the targets with PASS/FAIL and the worst misses.

- Spans: a prediction is correct when it overlaps a labelled span of the same entity
  (precision), a label is found when a prediction of its entity overlaps it (recall); a name
  found in two pieces is therefore one hit, not a hit and a false positive. The figure for
  exact boundaries is printed alongside. Predictions of types
  the corpus does not label (Presidio's DATE_TIME, US_* …) are counted apart, not as errors.
  Both systems keep results scoring >= 0.4 (avgscan's `MIN_RESULT_SCORE`).
- avgscan: `scanners.build_analyzer()`; spans from `scanners.scan.analyze_text`, columns from
  `scan_values(values, context=[column, table])` (the top-confidence finding is the column's
  class, no finding is NONE), special categories from `scan_text` findings.
- Presidio: `AnalyzerEngine` with its default predefined recognizers, language "en", on a
  `spacy.blank("en")` pipeline (no English model can be installed offline, so its spaCy NER,
  and with it PERSON, is absent); e-mail validation uses tldextract's bundled suffix list.
  Columns follow presidio-structured's `most_common` strategy: the most frequent entity among
  the values, any hit counts. Presidio has no special-category recognizers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    IDENTIFIERS,
    NONE,
    SPAN_ENTITIES,
    SPECIAL_ENTITIES,
    Column,
    Corpus,
    Document,
    Span,
    generate,
)

MIN_SCORE = 0.4
TARGETS = {
    "identifiers": 0.99,
    "PERSON (free text)": 0.85,
    "column macro-F1": 0.95,
    "special categories": 0.90,
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_examples: list[str] = field(default_factory=list)
    fn_examples: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        if p != p or r != r or p + r == 0:  # nan or zero
            return 0.0
        return 2 * p * r / (p + r)


def _note(examples: list[str], text: str, limit: int = 6) -> None:
    if len(examples) < limit:
        examples.append(text)


def _snippet(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 25) : start].replace("\n", " ")
    right = text[end : end + 15].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


# -- systems ---------------------------------------------------------------------------------


class System:
    name = ""

    def spans(self, text: str) -> list[Span]:
        raise NotImplementedError

    def column(self, column: Column) -> tuple[str, set[str]]:
        """(predicted class, every entity reported)."""
        raise NotImplementedError

    def special(self, text: str) -> set[str]:
        raise NotImplementedError


class Avgscan(System):
    name = "avgscan"

    def __init__(self) -> None:
        from scanners import build_analyzer

        self.analyzer = build_analyzer()

    def spans(self, text: str) -> list[Span]:
        from scanners.scan import analyze_text

        return [
            Span(s.entity_type, s.start, s.end)
            for s in analyze_text(self.analyzer, text, min_score=MIN_SCORE)
        ]

    def column(self, column: Column) -> tuple[str, set[str]]:
        from scanners import scan_values

        found = scan_values(self.analyzer, list(column.values), context=[column.name, column.table])
        if not found:
            return NONE, set()
        return max(found, key=lambda f: f.confidence).entity_type, {f.entity_type for f in found}

    def special(self, text: str) -> set[str]:
        from scanners import scan_text

        return {f.entity_type for f in scan_text(self.analyzer, text)} & set(SPECIAL_ENTITIES)


class PlainPresidio(System):
    name = "presidio"

    def __init__(self) -> None:
        import tldextract
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.predefined_recognizers import EmailRecognizer

        from scanners.engine import OfflineSpacyNlpEngine

        # Offline: the e-mail recognizer's tldextract would fetch the public suffix list.
        email_module = sys.modules[EmailRecognizer.__module__]
        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        email_module.tldextract = type("Offline", (), {"extract": staticmethod(offline)})  # type: ignore[attr-defined]
        engine = OfflineSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank:en"}])
        engine.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=engine, supported_languages=["en"]
        )

    def _results(self, text: str, context: list[str] | None = None) -> list[Any]:
        results = self.analyzer.analyze(text=text, language="en", context=context)
        return [r for r in results if r.score >= MIN_SCORE]

    def spans(self, text: str) -> list[Span]:
        return [Span(r.entity_type, r.start, r.end) for r in self._results(text)]

    def column(self, column: Column) -> tuple[str, set[str]]:
        counts: Counter[str] = Counter()
        for value, n in Counter(v for v in column.values if v.strip()).items():
            for entity in {r.entity_type for r in self._results(value, [column.name])}:
                counts[entity] += n
        if not counts:
            return NONE, set()
        return counts.most_common(1)[0][0], set(counts)

    def special(self, text: str) -> set[str]:
        return set()


# -- evaluation ------------------------------------------------------------------------------


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score_spans(
    documents: Iterable[Document], predict: Callable[[str], list[Span]], *, exact: bool = False
) -> tuple[dict[str, Score], dict[str, Score], Counter[str]]:
    """Per entity: all documents, free-text documents only; and counts of unlabelled types."""
    overall: dict[str, Score] = defaultdict(Score)
    free: dict[str, Score] = defaultdict(Score)
    others: Counter[str] = Counter()
    for doc in documents:
        predicted = predict(doc.text)
        for entity in SPAN_ENTITIES:
            gold = [s for s in doc.spans if s.entity == entity]
            pred = [s for s in predicted if s.entity == entity]
            result = Score()
            for p in pred:
                if any(
                    (g.start, g.end) == (p.start, p.end) if exact else _overlaps(g, p) for g in gold
                ):
                    result.tp += 1
                else:
                    result.fp += 1
                    _note(result.fp_examples, f"{doc.doc_id}: {_snippet(doc.text, p.start, p.end)}")
            for g in gold:
                if not any(
                    (g.start, g.end) == (p.start, p.end) if exact else _overlaps(g, p) for p in pred
                ):
                    result.fn += 1
                    _note(result.fn_examples, f"{doc.doc_id}: {_snippet(doc.text, g.start, g.end)}")
            for target in [overall] + ([free] if doc.free_text else []):
                target[entity].add(result)
                target[entity].fp_examples.extend(result.fp_examples[:1])
                target[entity].fn_examples.extend(result.fn_examples[:1])
        others.update(s.entity for s in predicted if s.entity not in SPAN_ENTITIES)
    return overall, free, others


def score_columns(
    columns: Sequence[Column], predict: Callable[[Column], tuple[str, set[str]]]
) -> tuple[dict[str, Score], list[str], list[str]]:
    """Per class (labels and NONE); false NL_BSN columns; every misclassified column."""
    scores: dict[str, Score] = defaultdict(Score)
    false_bsn: list[str] = []
    wrong: list[str] = []
    for column in columns:
        predicted, reported = predict(column)
        where = f"{column.table}.{column.name} ({column.note})"
        if "NL_BSN" in reported and column.label != "NL_BSN":
            false_bsn.append(where)
        if predicted == column.label:
            scores[column.label].tp += 1
        else:
            scores[column.label].fn += 1
            scores[predicted].fp += 1
            wrong.append(f"{where}: label {column.label}, predicted {predicted}")
    return scores, false_bsn, wrong


def score_special(
    documents: Sequence[Document], predict: Callable[[str], set[str]]
) -> dict[str, Score]:
    scores: dict[str, Score] = {entity: Score() for entity in SPECIAL_ENTITIES}
    for doc in documents:
        predicted = predict(doc.text)
        for entity in SPECIAL_ENTITIES:
            gold, pred = entity in doc.special, entity in predicted
            if gold and pred:
                scores[entity].tp += 1
            elif pred:
                scores[entity].fp += 1
                _note(scores[entity].fp_examples, f"{doc.doc_id}: {doc.text[:90]!r}")
            elif gold:
                scores[entity].fn += 1
                _note(scores[entity].fn_examples, f"{doc.doc_id}: {doc.text[:90]!r}")
    return scores


def micro(scores: Iterable[Score]) -> Score:
    total = Score()
    for s in scores:
        total.add(s)
    return total


def macro_f1(scores: dict[str, Score], classes: Iterable[str]) -> float:
    values = [scores[c].f1 if c in scores else 0.0 for c in classes]
    return sum(values) / len(values) if values else 0.0


# -- report ----------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return "  n/a" if value != value else f"{value:5.3f}"


def _table(title: str, rows: dict[str, tuple[Score, Score]], extra: str = "") -> None:
    print(f"\n## {title}{extra}")
    print(f"{'':28} {'avgscan':>24} | {'presidio':>24}")
    print(f"{'class':28} {'P':>7} {'R':>7} {'F1':>7} {'n':>5} | {'P':>7} {'R':>7} {'F1':>7}")
    for name, (ours, theirs) in rows.items():
        support = ours.tp + ours.fn
        print(
            f"{name:28} {_fmt(ours.precision):>7} {_fmt(ours.recall):>7} {_fmt(ours.f1):>7} "
            f"{support:>5} | {_fmt(theirs.precision):>7} {_fmt(theirs.recall):>7} "
            f"{_fmt(theirs.f1):>7}"
        )


def _verdict(name: str, value: float, target: float, detail: str = "") -> bool:
    ok = value >= target
    print(f"  {'PASS' if ok else 'FAIL'}  {name:44} {_fmt(value)} (target >= {target}) {detail}")
    return ok


def run(corpus: Corpus, *, examples: int = 4) -> bool:
    started = time.monotonic()
    systems = [Avgscan(), PlainPresidio()]
    kinds = Counter(d.kind for d in corpus.documents)
    spans = sum(len(d.spans) for d in corpus.documents)
    print(
        f"corpus seed {corpus.seed}: {len(corpus.documents)} documents "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), {spans} labelled spans, "
        f"{len(corpus.columns)} columns of {len(corpus.columns[0].values)} values"
    )
    results: dict[str, dict[str, Any]] = {}
    for system in systems:
        t0 = time.monotonic()
        overall, free, others = score_spans(corpus.documents, system.spans)
        exact, _, _ = score_spans(corpus.documents, system.spans, exact=True)
        columns, false_bsn, wrong = score_columns(corpus.columns, system.column)
        special = score_special(corpus.documents, system.special)
        results[system.name] = {
            "spans": overall,
            "free": free,
            "exact": exact,
            "others": others,
            "columns": columns,
            "false_bsn": false_bsn,
            "wrong": wrong,
            "special": special,
            "seconds": time.monotonic() - t0,
        }
    ours, theirs = results["avgscan"], results["presidio"]

    rows = {e: (ours["spans"][e], theirs["spans"][e]) for e in SPAN_ENTITIES}
    rows["identifiers (micro)"] = (
        micro(ours["spans"][e] for e in IDENTIFIERS),
        micro(theirs["spans"][e] for e in IDENTIFIERS),
    )
    rows["PERSON in free text"] = (ours["free"]["PERSON"], theirs["free"]["PERSON"])
    _table("Entities, span level (overlap match)", rows)
    exact_rows = {e: (ours["exact"][e], theirs["exact"][e]) for e in SPAN_ENTITIES}
    _table("Entities, span level (exact boundaries)", exact_rows)
    for name in ("avgscan", "presidio"):
        others = results[name]["others"]
        if others:
            print(f"  {name}: predictions of unlabelled types: {dict(others.most_common(8))}")

    classes = sorted({c.label for c in corpus.columns})
    _table("Columns, per class", {c: (ours["columns"][c], theirs["columns"][c]) for c in classes})
    for name in ("avgscan", "presidio"):
        print(
            f"  {name}: macro-F1 {macro_f1(results[name]['columns'], classes):.3f}, "
            f"false NL_BSN columns: {len(results[name]['false_bsn'])}"
        )

    _table(
        "Special categories, document level",
        {e: (ours["special"][e], theirs["special"][e]) for e in SPECIAL_ENTITIES}
        | {
            "all (micro)": (
                micro(ours["special"].values()),
                micro(theirs["special"].values()),
            )
        },
    )

    print("\n## Targets (avgscan)")
    ident = micro(ours["spans"][e] for e in IDENTIFIERS)
    person = ours["free"]["PERSON"]
    spec = micro(ours["special"].values())
    checks = [
        _verdict("identifiers precision (micro)", ident.precision, TARGETS["identifiers"]),
        _verdict("identifiers recall (micro)", ident.recall, TARGETS["identifiers"]),
        _verdict("PERSON in free text precision", person.precision, TARGETS["PERSON (free text)"]),
        _verdict("PERSON in free text recall", person.recall, TARGETS["PERSON (free text)"]),
        _verdict(
            "column classification macro-F1",
            macro_f1(ours["columns"], classes),
            TARGETS["column macro-F1"],
        ),
        _verdict(
            "zero false NL_BSN columns",
            1.0 if not ours["false_bsn"] else 0.0,
            1.0,
            f"({len(ours['false_bsn'])} false)",
        ),
        _verdict(
            "special categories precision (micro)", spec.precision, TARGETS["special categories"]
        ),
        _verdict("special categories recall (micro)", spec.recall, TARGETS["special categories"]),
    ]

    if examples:
        print("\n## Worst misses of avgscan (synthetic values)")
        for entity in SPAN_ENTITIES:
            score = ours["spans"][entity]
            for kind, items in (("FP", score.fp_examples), ("FN", score.fn_examples)):
                for item in items[:examples]:
                    print(f"  {entity:16} {kind} {item}")
        for line in ours["wrong"]:
            print(f"  column {line}")
        for line in ours["false_bsn"]:
            print(f"  false NL_BSN column: {line}")
        for entity, score in ours["special"].items():
            for kind, items in (("FP", score.fp_examples), ("FN", score.fn_examples)):
                for item in items[: max(1, examples // 2)]:
                    print(f"  {entity:26} {kind} {item}")
    print(
        f"\ntime: avgscan {ours['seconds']:.0f} s, presidio {theirs['seconds']:.0f} s, "
        f"total {time.monotonic() - started:.0f} s"
    )
    return all(checks)


def main() -> None:
    parser = argparse.ArgumentParser(description="avgscan vs plain Presidio on the corpus")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--documents", type=int, default=250)
    parser.add_argument("--rows", type=int, default=60)
    parser.add_argument("--examples", type=int, default=4, help="misses shown per entity")
    args = parser.parse_args()
    kwargs: dict[str, Any] = {"n_documents": args.documents, "rows": args.rows}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    passed = run(generate(**kwargs), examples=args.examples)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
