"""Word lists and lexicon-based recognizers shared by the Dutch recognizers.

The word lists live in `scanners/data/` as plain UTF-8 text, one entry a line, `#` for comments,
so a data steward can extend them without touching code. Lexicon files use two markers:

- `~term`: a *weak* term, an ordinary word as well (begeleiding, indicatie); it scores below the
  reporting threshold and only counts with a context word nearby or in the column name.
- `term*`: also compounds that start with the term (diabetespatiënt, depressieklachten).

Matching is whole-word and case-insensitive; a space in a term matches any run of whitespace.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

DATA_PACKAGE = "scanners.data"


@cache
def load_word_list(file_name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of a data file in `scanners/data/`, in file order."""
    text = resources.files(DATA_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)


@cache
def load_lexicon(file_name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (strong, weak) terms of a lexicon file; weak terms are the ones marked with `~`."""
    strong: list[str] = []
    weak: list[str] = []
    for entry in load_word_list(file_name):
        if entry.startswith("~"):
            weak.append(entry[1:].strip().lower())
        else:
            strong.append(entry.lower())
    if not strong:
        raise ValueError(f"lexicon {file_name} has no strong terms")
    return tuple(strong), tuple(weak)


def lexicon_regex(terms: tuple[str, ...]) -> str:
    """One whole-word alternation for `terms`; longest first, `*` allows a compound tail."""
    parts: list[str] = []
    for term in sorted(set(terms), key=len, reverse=True):
        prefix = term.endswith("*")
        body = term.rstrip("*").strip()
        escaped = r"\s+".join(re.escape(word) for word in body.split())
        parts.append(escaped + (r"\w*" if prefix else ""))
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


class LexiconRecognizer(PatternRecognizer):
    """A recognizer for one special-category entity, driven by a lexicon file.

    Subclasses set `ENTITY`, `LEXICON` (a file in `scanners/data/`) and `CONTEXT` (Dutch words).
    Strong terms score `STRONG_SCORE`; weak terms score `WEAK_SCORE`, below the reporting
    threshold of `scanners.scan`, so that only a context word lifts them (+`CONTEXT_BOOST`).

    Context is checked here, not by Presidio's enhancer: that one counts the matched word
    itself as context, so a weak term that is also a context word ("zorg", "geloof") would
    lift itself. Here only the words within `CONTEXT_CHARS` before and after the match, and
    the caller's context (column name), count; a context word matches as a substring of a
    word, as in Presidio's default mode.
    """

    ENTITY: ClassVar[str]
    LEXICON: ClassVar[str]
    CONTEXT: ClassVar[list[str]] = []
    STRONG_SCORE: ClassVar[float] = 0.6
    WEAK_SCORE: ClassVar[float] = 0.3
    FLAGS: ClassVar[int] = re.IGNORECASE | re.MULTILINE | re.DOTALL
    CONTEXT_BOOST: ClassVar[float] = 0.35
    CONTEXT_CHARS: ClassVar[int] = 60

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        strong, weak = load_lexicon(self.LEXICON)
        patterns = [
            Pattern(f"{self.ENTITY} lexicon (sterk)", lexicon_regex(strong), self.STRONG_SCORE)
        ]
        if weak:
            patterns.append(
                Pattern(f"{self.ENTITY} lexicon (zwak)", lexicon_regex(weak), self.WEAK_SCORE)
            )
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=patterns,
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
            global_regex_flags=self.FLAGS,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts | None,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Lift a result whose neighbourhood (not itself) or column name has a context word."""
        given = [word.lower() for word in context or []]
        own = [word.lower() for word in self.context or []]
        for result in raw_recognizer_results:
            before = text[max(0, result.start - self.CONTEXT_CHARS) : result.start]
            after = text[result.end : result.end + self.CONTEXT_CHARS]
            words = re.findall(r"\w+", f"{before} {after}".lower()) + given
            if any(c in word for c in own for word in words):
                result.score = min(1.0, max(result.score + self.CONTEXT_BOOST, 0.4))
            # mark every result, so Presidio's enhancer does not add its self-matching boost
            result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return raw_recognizer_results
