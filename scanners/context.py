"""Presidio's lemma context enhancer, made linear in the length of the text and copy-free.

`LemmaContextAwareEnhancer` finds the token of each result by walking the spaCy `Doc` from
its first token, and tests each lemma near it against the list of all keywords of the text.
Both are linear in the text per result, so a document with many results costs the square of
its length: on a 100 kB document that was 80% of the time of `scan_text`.

`IndexedContextEnhancer` gives the same surrounding words (and so the same scores): it
bisects a list of token ends built once per text, and looks lemmas up in a set. The index is
kept on the `NlpArtifacts`, which Presidio builds once per analyzed text.

Presidio also deep-copies every result before it raises a score; for a short cell that copy
cost more than the recognizers. `AnalyzerEngine` drops the raw results once the enhancer
returns, so `IndexedContextEnhancer` raises the scores of the results it is given, in place,
with the same arithmetic.
tests/test_scanners_context.py compares it with Presidio's enhancer result by result.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (
    ContextAwareEnhancer,
    LemmaContextAwareEnhancer,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["TOKEN_ENDS", "IndexedContextEnhancer"]

_INDEX_ATTRIBUTE = "_avgscan_token_index"
# Set on `NlpArtifacts` by `scanners.engine`: the token ends, from its one walk over the tokens.
TOKEN_ENDS = "avgscan_token_ends"
_GIVEN_CACHE_SIZE = 4096  # (recognizer, column context) pairs; column names, never values


class _TokenIndex:
    """Token ends, lower-case lemmas and the keyword set of one text."""

    def __init__(self, nlp_artifacts: NlpArtifacts) -> None:
        ends = getattr(nlp_artifacts, TOKEN_ENDS, None)
        if ends is None:
            tokens: Any = nlp_artifacts.tokens
            starts = nlp_artifacts.tokens_indices
            ends = [start + len(token) for start, token in zip(starts, tokens, strict=True)]
        self.ends: list[int] = ends
        self.lemmas = [lemma.lower() for lemma in nlp_artifacts.lemmas]
        self.keywords = frozenset(nlp_artifacts.keywords)

    @classmethod
    def of(cls, nlp_artifacts: NlpArtifacts) -> _TokenIndex:
        index = getattr(nlp_artifacts, _INDEX_ATTRIBUTE, None)
        if index is None:
            index = cls(nlp_artifacts)
            setattr(nlp_artifacts, _INDEX_ATTRIBUTE, index)
        return index

    def token_at(self, start: int) -> int:
        """The first token that ends after `start` (the token holding it, or the next one).

        Token ends only grow, so this is Presidio's linear search done by bisection."""
        index = bisect_right(self.ends, start)
        if index == len(self.ends):
            raise ValueError("the match lies after the last token of the text")
        return index

    def keywords_from(self, index: int, count: int, step: int) -> list[str]:
        """Up to `count + 1` keyword lemmas from `index` on, walking by `step` (-1 or 1);
        the match's own token counts, as in Presidio (a context word glued to it)."""
        found: list[str] = []
        remaining = count + 1
        while 0 <= index < len(self.lemmas) and remaining > 0:
            lemma = self.lemmas[index]
            if lemma in self.keywords:
                found.append(lemma)
                remaining -= 1
            index += step
        return found


class IndexedContextEnhancer(LemmaContextAwareEnhancer):
    """`LemmaContextAwareEnhancer` with the same results in time linear in the text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._given_support: dict[tuple[str, tuple[str, ...]], str] = {}

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Raise each result's score by `context_similarity_factor` once if a context word of
        its recognizer is near it or in `context`; the results are changed in place."""
        if nlp_artifacts is None:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        given = [word.lower() for word in context or []]
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue  # the recognizer raised (or held down) the score itself
            if nlp_artifacts.tokens:
                words = self._extract_surrounding_words(
                    nlp_artifacts=nlp_artifacts,
                    word=text[result.start : result.end],
                    start=result.start,
                )
                words.extend(given)
                supportive = self._find_supportive_word_in_context(
                    words, recognizer.context, self.context_matching_mode
                )
            else:  # no tokens: the given words alone decide, the same for every cell
                supportive = self._supportive_in_given(recognizer, tuple(given))
            if supportive:
                score = max(result.score + self.context_similarity_factor,
                            self.min_score_with_context_similarity)  # fmt: skip
                result.score = min(score, ContextAwareEnhancer.MAX_SCORE)
                result.analysis_explanation.set_supportive_context_word(supportive)
                result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    @staticmethod
    def _find_supportive_word_in_context(
        context_list: list[str],
        recognizer_context_list: list[str],
        matching_mode: str = "substring",
    ) -> str:
        """Presidio's answer (the first of the recognizer's words found in the context, as the
        recognizer spells it), with the context lower-cased once instead of once per word."""
        if context_list is None or recognizer_context_list is None:
            return ""
        words = [word.lower() for word in context_list]
        for predefined in recognizer_context_list:
            wanted = predefined.lower()
            if matching_mode == "substring" and any(wanted in word for word in words):
                return predefined
            if matching_mode == "whole_word" and wanted in words:
                return predefined
        return ""

    def _supportive_in_given(self, recognizer: EntityRecognizer, given: tuple[str, ...]) -> str:
        """The supportive word for a text without tokens (Presidio's surrounding words are
        then `[""]`), kept per recognizer and column context: a column's cells share both."""
        key = (recognizer.id, given)
        supportive = self._given_support.get(key)
        if supportive is None:
            supportive = self._find_supportive_word_in_context(
                ["", *given], recognizer.context, self.context_matching_mode
            )
            if len(self._given_support) >= _GIVEN_CACHE_SIZE:
                self._given_support.clear()  # scans in threads share it: never read it back
            self._given_support[key] = supportive
        return supportive

    def _extract_surrounding_words(
        self, nlp_artifacts: NlpArtifacts, word: str, start: int
    ) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]  # as Presidio: no tokens, an empty but valid context
        index = _TokenIndex.of(nlp_artifacts)
        token = index.token_at(start)
        words = index.keywords_from(token, self.context_prefix_count, -1)
        words += index.keywords_from(token, self.context_suffix_count, 1)
        return list(set(words))
