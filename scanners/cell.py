"""`AnalyzerEngine.analyze` for one short value, without the engine's per-call bookkeeping.

A column scan sends tens of thousands of distinct values to Presidio, each with the few
entities the prefilter names. Per value, `AnalyzerEngine.analyze` spent a fifth of its time
on bookkeeping that is the same for every value: the score thresholds of the chosen
recognizers gathered into a new dictionary, decision-process tracing, explanations removed.
`CellAnalysis` keeps that per entity set and runs the same steps in the same order:

1. the recognizers for the entities (the registry's answer);
2. each recognizer's `analyze`, its results labelled with the recognizer's id and name;
3. context enhancement, by the engine itself (`AnalyzerEngine._enhance_using_context`);
4. results under their recognizer's threshold dropped (entity-specific, else the recognizer's
   default, else the engine's), then Presidio's duplicate removal.

The results carry their explanations (the engine would drop them); the scan reads only entity,
span and score. tests/test_scanners_cell.py compares it with `analyze` value by value, and
the column scan is compared with a per-cell `analyze` loop (tests/test_scanners_prefilter.py).
"""

from __future__ import annotations

from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["CellAnalysis"]

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_NAME = RecognizerResult.RECOGNIZER_NAME_KEY


class CellAnalysis:
    """One analyzer's per-value analysis, for a given language (see module docstring)."""

    def __init__(self, analyzer: Any, language: str) -> None:
        self.analyzer = analyzer
        self.language = language
        self._plans: dict[tuple[str, ...], tuple[list[Any], dict[str, dict[str, float]]]] = {}

    def _plan(self, entities: list[str]) -> tuple[list[Any], dict[str, dict[str, float]]]:
        key = tuple(entities)
        if key not in self._plans:
            recognizers = self.analyzer.registry.get_recognizers(
                language=self.language, entities=entities, all_fields=False
            )
            thresholds = {r.id: r.score_thresholds for r in recognizers}
            self._plans[key] = (recognizers, thresholds)
        recognizers, thresholds = self._plans[key]
        return list(recognizers), thresholds

    def analyze(
        self, text: str, entities: list[str], context: list[str], nlp_artifacts: NlpArtifacts
    ) -> list[RecognizerResult]:
        recognizers, thresholds = self._plan(entities)
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            found = recognizer.analyze(text=text, entities=entities, nlp_artifacts=nlp_artifacts)
            for result in found or ():
                if not result.recognition_metadata:
                    result.recognition_metadata = {}
                result.recognition_metadata.setdefault(_ID, recognizer.id)
                result.recognition_metadata.setdefault(_NAME, recognizer.name)
                results.append(result)
        results = self.analyzer._enhance_using_context(
            text, results, nlp_artifacts, recognizers, context
        )
        default = self.analyzer.default_score_threshold
        kept = [r for r in results if r.score >= _threshold(r, thresholds, default)]
        return EntityRecognizer.remove_duplicates(kept)


def _threshold(
    result: RecognizerResult, thresholds: dict[str, dict[str, float]], default: float
) -> float:
    """The engine's rule: the recognizer's threshold for the entity, else its default, else
    the engine's default."""
    recognizer_id = (result.recognition_metadata or {}).get(_ID)
    own = thresholds.get(recognizer_id) if recognizer_id is not None else None
    if own is None:
        return default
    for key in (result.entity_type, "default"):
        threshold = own.get(key)
        if threshold is not None:
            return threshold
    return default
