"""Presidio's lemma context enhancer, made linear in the length of the text and copy-free.

`LemmaContextAwareEnhancer` finds the token of each result by walking the spaCy `Doc` from
its first token, and tests each lemma near it against the list of all keywords of the text.
Both are linear in the text per result, so a document with many results costs the square of
its length: on a 100 kB document that was 80% of the time of `scan_text`.

`IndexedContextEnhancer` gives the same surrounding words (and so the same scores): once per
text it lists the keyword lemmas with their token positions, and a result's window is then a
slice of that list, found by two bisections. The index is kept on the `NlpArtifacts`, which
Presidio builds once per analyzed text.

Presidio then tests, for each context word of the recognizer in turn, whether it is part of
each window word. Only which words are in the window matters, so each word's answer is kept
for the call as a bit mask over the recognizer's context words, and a window's answer is the
lowest bit of the union of its words' masks.

Presidio also deep-copies every result before it raises a score; for a short cell that copy
cost more than the recognizers. `AnalyzerEngine` drops the raw results once the enhancer
returns, so `IndexedContextEnhancer` raises the scores of the results it is given, in place,
with the same arithmetic.
tests/test_scanners_context.py compares it with Presidio's enhancer result by result.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (
    ContextAwareEnhancer,
    LemmaContextAwareEnhancer,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanners.bounded import BoundedCache
from scanners.recognizers.lexicon import LEMMAS_ARE_FORMS

__all__ = ["TOKEN_ENDS", "IndexedContextEnhancer", "enhance_per_recognizer"]

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_INDEX_ATTRIBUTE = "_avgscan_token_index"
# Set on `NlpArtifacts` by `scanners.engine`: the token ends, from its one walk over the tokens.
TOKEN_ENDS = "avgscan_token_ends"
_GIVEN_CACHE_SIZE = 4096  # (recognizer, column context) pairs; column names, never values
_BY_ID_CACHE_SIZE = 256  # lists of recognizers: one per entity set the prefilter names
_WORDS_CACHE_SIZE = 256  # recognizers' context word lists


class _TokenIndex:
    """Token ends and the keyword lemmas (lower case, in text order) of one text."""

    def __init__(self, nlp_artifacts: NlpArtifacts) -> None:
        ends = getattr(nlp_artifacts, TOKEN_ENDS, None)
        if ends is None:
            tokens: Any = nlp_artifacts.tokens
            starts = nlp_artifacts.tokens_indices
            ends = [start + len(token) for start, token in zip(starts, tokens, strict=True)]
        self.ends: list[int] = ends
        keywords = frozenset(nlp_artifacts.keywords)
        lemmas = nlp_artifacts.lemmas
        if not getattr(nlp_artifacts, LEMMAS_ARE_FORMS, False):  # else lower case already
            lemmas = [lemma.lower() for lemma in lemmas]
        # Presidio's window walks the lemmas and keeps those that are keywords; keeping the
        # keywords' positions makes each window a slice, found by bisection
        self.positions = [i for i, lemma in enumerate(lemmas) if lemma in keywords]
        self.words = [lemmas[i] for i in self.positions]

    @classmethod
    def of(cls, nlp_artifacts: NlpArtifacts) -> _TokenIndex:
        index = getattr(nlp_artifacts, _INDEX_ATTRIBUTE, None)
        if index is None:
            index = cls(nlp_artifacts)
            setattr(nlp_artifacts, _INDEX_ATTRIBUTE, index)
        return index

    def window(self, start: int, before: int, after: int) -> list[str]:
        """Presidio's surrounding words of the match at `start`, in any order and perhaps
        twice (only membership counts: the loop is over the recognizer's words).

        Presidio takes the first token that ends after `start` (token ends only grow, so a
        bisection finds it), then walks the lemmas from it for up to `before + 1` keywords
        back and `after + 1` on (the match's own token counts: a context word glued to it).
        Both walks start at that token, so together they are one slice of the keywords."""
        token = bisect_right(self.ends, start)
        if token == len(self.ends):
            raise ValueError("the match lies after the last token of the text")
        first = bisect_right(self.positions, token) - before - 1
        last = bisect_left(self.positions, token) + after + 1
        return self.words[max(0, first) : last]


class _ContextWords:
    """A recognizer's context words as the bits of a mask, bit i for word i: the lowest bit
    set is then Presidio's answer, the first word in the recognizer's order. Holds no text."""

    def __init__(self, context: tuple[str, ...], substring: bool) -> None:
        self.context = context
        self.bits = [(word.lower(), 1 << bit) for bit, word in enumerate(context)]
        self.exact: dict[str, int] | None = None  # whole_word mode: the mask of each word
        if substring:
            # most words hold none of the context words: one search says so
            pattern = "|".join(re.escape(wanted) for wanted, _ in self.bits)
            self.holds_any = re.compile(pattern).search
        else:
            self.exact = {}
            for wanted, bit in self.bits:
                self.exact[wanted] = self.exact.get(wanted, 0) | bit

    def mask(self, word: str) -> int:
        """The context words that `word` (lower case) holds (substring mode) or is."""
        if self.exact is not None:
            return self.exact.get(word, 0)
        if not self.holds_any(word):
            return 0
        mask = 0
        for wanted, bit in self.bits:
            if wanted in word:
                mask |= bit
        return mask

    def first(self, mask: int) -> str:
        return self.context[(mask & -mask).bit_length() - 1] if mask else ""


class _Support:
    """A recognizer's supportive word for windows of one text and the given words, with the
    mask of each word kept for this call (the engine calls once per text)."""

    def __init__(self, words: _ContextWords, given: tuple[str, ...]) -> None:
        self.words = words
        self.masks: dict[str, int] = {}
        self.given = self.mask_of(word.lower() for word in given)

    def mask_of(self, words: Iterable[str]) -> int:
        mask = 0
        for word in words:
            known = self.masks.get(word)
            if known is None:
                known = self.masks[word] = self.words.mask(word)
            mask |= known
        return mask

    def word(self, window: list[str]) -> str:
        """Presidio's supportive word for `window` and the given words."""
        return self.words.first(self.given | self.mask_of(window))


class IndexedContextEnhancer(LemmaContextAwareEnhancer):
    """`LemmaContextAwareEnhancer` with the same results in time linear in the text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._given_support: BoundedCache[str] = BoundedCache(_GIVEN_CACHE_SIZE)
        self._by_id: BoundedCache[dict[str, EntityRecognizer]] = BoundedCache(_BY_ID_CACHE_SIZE)
        self._words: BoundedCache[_ContextWords] = BoundedCache(_WORDS_CACHE_SIZE)

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
        if nlp_artifacts is None or not raw_results:
            return raw_results
        by_id = self._recognizers_by_id(recognizers)
        given = tuple(context) if context else ()  # lower-cased where needed
        index = _TokenIndex.of(nlp_artifacts) if nlp_artifacts.tokens else None
        supports: dict[str, _Support] = {}  # per recognizer id
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer_id: Any = metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
            recognizer = by_id.get(recognizer_id)
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue  # the recognizer raised (or held down) the score itself
            if index is not None:
                support = supports.get(recognizer_id)
                if support is None:
                    words = self._context_words(recognizer.context)
                    support = supports[recognizer_id] = _Support(words, given)
                window = index.window(
                    result.start, self.context_prefix_count, self.context_suffix_count
                )
                supportive = support.word(window)
            else:  # no tokens: the given words alone decide, the same for every cell
                supportive = self._supportive_in_given(recognizer, given)
            if supportive:
                score = max(result.score + self.context_similarity_factor,
                            self.min_score_with_context_similarity)  # fmt: skip
                result.score = min(score, ContextAwareEnhancer.MAX_SCORE)
                result.analysis_explanation.set_supportive_context_word(supportive)
                result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def _recognizers_by_id(
        self, recognizers: list[EntityRecognizer]
    ) -> dict[str, EntityRecognizer]:
        """Presidio's `{recognizer.id: recognizer}`, kept per list of recognizers (a cell's
        few cost more to index than to look up; a recognizer's id is fixed when it is made)."""
        return self._by_id.get(
            tuple(recognizers), lambda: {recognizer.id: recognizer for recognizer in recognizers}
        )

    def _context_words(self, context: list[str]) -> _ContextWords:
        """A recognizer's context words, kept per list of them and matching mode."""
        words, mode = tuple(context), self.context_matching_mode
        return self._words.get((words, mode), lambda: _ContextWords(words, mode == "substring"))

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
        return self._given_support.get(
            (recognizer.id, given),
            lambda: self._find_supportive_word_in_context(
                ["", *given], recognizer.context, self.context_matching_mode
            ),
        )

    def _extract_surrounding_words(
        self, nlp_artifacts: NlpArtifacts, word: str, start: int
    ) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]  # as Presidio: no tokens, an empty but valid context
        index = _TokenIndex.of(nlp_artifacts)
        return list(set(index.window(start, self.context_prefix_count, self.context_suffix_count)))


def enhance_per_recognizer(
    text: str,
    raw_results: list[RecognizerResult],
    nlp_artifacts: NlpArtifacts,
    recognizers: list[EntityRecognizer],
    context: list[str] | None = None,
) -> list[RecognizerResult]:
    """The first half of `AnalyzerEngine._enhance_using_context`: each recognizer's own
    `enhance_using_context` on its results, in recognizer order, with the others' results.

    Presidio splits the results anew for every recognizer (recognizers times results); here
    they are grouped once. A recognizer's context step changes only its own results: one
    without results, or one that keeps the base method (which returns its results as they
    are), is not called, so the others' list is made only for a lexicon with results. The
    engine adds each recognizer's results in one run, so that list is the results before
    and after the run. Results of no listed recognizer are dropped, as Presidio drops them.
    """
    runs: dict[str, list[int]] = {}  # recognizer id -> [first index, last index, count]
    for index, result in enumerate(raw_results):
        run = runs.get(result.recognition_metadata[_ID])
        if run is None:
            runs[result.recognition_metadata[_ID]] = [index, index, 1]
        else:
            run[1], run[2] = index, run[2] + 1
    results: list[RecognizerResult] = []
    for recognizer in recognizers:
        run = runs.get(recognizer.id)
        if run is None:
            continue
        first, last, count = run
        contiguous = last - first + 1 == count
        if contiguous:
            mine = raw_results[first : last + 1]
        else:
            mine = [r for r in raw_results if r.recognition_metadata[_ID] == recognizer.id]
        if type(recognizer).enhance_using_context is EntityRecognizer.enhance_using_context:
            results.extend(mine)
            continue
        if contiguous:
            others = raw_results[:first] + raw_results[last + 1 :]
        else:
            others = [r for r in raw_results if r.recognition_metadata[_ID] != recognizer.id]
        results.extend(
            recognizer.enhance_using_context(
                text=text,
                raw_recognizer_results=mine,
                other_raw_recognizer_results=others,
                nlp_artifacts=nlp_artifacts,
                context=context,
            )
        )
    return results
