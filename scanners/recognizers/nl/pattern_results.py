"""Presidio's pattern matching with the matches found faster: the same results.

`PatternRecognizer.analyze` runs `finditer` of every pattern over the whole text, and for each
match validates it and builds an `AnalysisExplanation` and a `RecognizerResult`. A recognizer
that knows where its matches can lie passes `pattern_results` a `matches` function that
yields exactly what `finditer` would, found by trying its patterns only there.
`FasterPatternRecognizer` is such a recognizer's `analyze`: its subclasses name only how
they find the matches, and where they do not know how (patterns or flags not their own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import regex  # type: ignore[import-untyped]  # no stubs; Presidio matches patterns with it
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# (compiled pattern, text) -> the pattern's `finditer(text)`, found some faster way.
Matches = Callable[[Any, str], Iterable[Any]]


@cache
def compiled(pattern: str, flags: int) -> Any:
    """`pattern` compiled as Presidio compiles it (the `regex` module)."""
    return regex.compile(pattern, flags)


def pattern_results(
    recognizer: Any,  # a `PatternRecognizer`, whose attributes Presidio leaves untyped
    text: str,
    flags: int,
    matches: Matches,
) -> list[RecognizerResult]:
    """What `PatternRecognizer.analyze` returns with these `flags`, each pattern's matches
    found by `matches`."""
    results: list[RecognizerResult] = []
    for pattern in recognizer.patterns:
        for match in matches(compiled(pattern.regex, flags), text):
            result = presidio_result(recognizer, pattern, text, match.span(), flags)
            if result is not None:
                results.append(result)
    kept: list[RecognizerResult] = EntityRecognizer.remove_duplicates(results)
    return kept


def presidio_result(
    recognizer: Any,  # a `PatternRecognizer`
    pattern: Pattern,
    text: str,
    span: tuple[int, int],
    flags: int,
) -> RecognizerResult | None:
    """The result Presidio's `PatternRecognizer` makes of a match, None where it makes none
    (an empty match, a failed validation, a score that ends at zero)."""
    start, end = span
    matched = text[start:end]
    if not matched:
        return None
    validation = recognizer.validate_result(matched)
    if validation is not None and not validation:
        return None  # scored zero whatever else happens: Presidio drops it
    explanation = recognizer.build_regex_explanation(
        recognizer.name,
        pattern.name,
        pattern.regex,
        pattern.score,
        validation,  # None as in Presidio: nothing validated
        flags,
    )
    result = RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=pattern.score,
        analysis_explanation=explanation,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
    if validation is not None:
        result.score = EntityRecognizer.MAX_SCORE
    if recognizer.invalidate_result(matched):
        result.score = EntityRecognizer.MIN_SCORE
    explanation.score = result.score
    return result if result.score > EntityRecognizer.MIN_SCORE else None


class FasterPatternRecognizer(PatternRecognizer):
    """`PatternRecognizer.analyze` with each own pattern's matches found by `faster_matches`:
    the same results, which is why the prefilter reads such a recognizer's patterns as its
    condition (`scanners.prefilter.PATTERN_ONLY_OVERRIDES`)."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        flags = regex_flags or self.global_regex_flags or 0
        matches = self.faster_matches(text, flags)
        if matches is None:
            results: list[RecognizerResult] = super().analyze(
                text, entities, nlp_artifacts, regex_flags
            )
            return results
        return pattern_results(self, text, flags, matches)

    def faster_matches(self, text: str, flags: int) -> Matches | None:
        """How to find the patterns' matches in `text`; None: Presidio's way (patterns or
        flags the subclass does not know)."""
        return None
