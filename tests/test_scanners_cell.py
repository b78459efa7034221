"""`CellAnalysis` gives what `AnalyzerEngine.analyze` gives, value by value."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.cell import CellAnalysis
from scanners.prefilter import prefilter_for
from tests.test_scanners_prefilter import EDGE_VALUES


def _key(results):
    return sorted((r.entity_type, r.start, r.end, r.score) for r in results)


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


@pytest.mark.parametrize("seed", [2, 9])
def test_every_corpus_value_gets_the_engines_results(analyzer, seed):
    prefilter = prefilter_for(analyzer)
    corpus = generate(seed=seed, n_documents=0, rows=30)
    compared = 0
    for column in corpus.columns:
        cells = CellAnalysis(analyzer, "nl")
        context = [column.name, column.table]
        for value in [*column.values, *EDGE_VALUES]:
            entities = prefilter.entities(value)
            if not entities:
                continue
            artifacts = analyzer.nlp_engine.process_text(value, "nl")
            expected = analyzer.analyze(
                text=value, language="nl", entities=entities, context=context,
                nlp_artifacts=artifacts,
            )  # fmt: skip
            got = cells.analyze(
                value, entities, context, analyzer.nlp_engine.process_text(value, "nl")
            )
            assert _key(got) == _key(expected), (column.name, value)
            compared += 1
    assert compared > 500


def test_recognizer_thresholds_are_kept(analyzer):
    """A recognizer's own threshold (entity-specific, else default) drops its results, as the
    engine's does."""
    strict = PatternRecognizer(
        supported_entity="X_CODE",
        name="StrictCode",
        supported_language="nl",
        patterns=[Pattern("code", r"XC-\d{4}", 0.5)],
    )
    analyzer.registry.add_recognizer(strict)
    try:
        for thresholds in ({"X_CODE": 0.6}, {"default": 0.6}, {"X_CODE": 0.4}, {}):
            strict.score_thresholds = thresholds
            cells = CellAnalysis(analyzer, "nl")
            artifacts = analyzer.nlp_engine.process_text("XC-1234", "nl")
            expected = analyzer.analyze(text="XC-1234", language="nl", entities=["X_CODE"])
            assert _key(cells.analyze("XC-1234", ["X_CODE"], [], artifacts)) == _key(expected)
    finally:
        analyzer.registry.remove_recognizer("StrictCode")
