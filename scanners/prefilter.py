"""A cheap first pass that decides which recognizers could find anything in a value at all.

Most cells of a municipal database hold no personal data (status codes, amounts, product
names), and a per-cell Presidio `analyze` costs about a millisecond: tokenising, two dozen
recognizers, context enhancement. `Prefilter` answers, in microseconds, *which entities'
recognizers could return a result for this text*; `scanners.scan` skips Presidio for a value
where the answer is none, and asks Presidio only for the others' entities.

The answer is exact, never a guess: each recognizer contributes a *necessary condition*, a set
of regexes (and, for names, gazetteer words) such that a text none of them matches gives that
recognizer no result. Running only the recognizers whose condition holds therefore gives the
same results as running them all (tests/test_scanners_prefilter.py checks it). Where no such
condition is known, the recognizer always runs:

- `PatternRecognizer`s whose results all come from their own patterns (Presidio's
  `PatternRecognizer.analyze`, or an override that only drops or re-scores matches): the
  patterns themselves, with the recognizer's regex flags;
- recognizers with `candidate_patterns()` (lexicons, phone numbers, person names) and
  `candidate_words()` (person names): what those methods say;
- a lexicon with a trained spaCy pipeline (it also matches on lemmas), the NER recognizer and
  any other recognizer: always.

All patterns of all conditions go into one google-re2 set (`scanners.screen`): one pass over
an ASCII value names the patterns that may match, and only those are tried with Python. A
word list (person names) is one more pattern of that set, and an ASCII value's tokens are
looked up only where it is named. A non-ASCII value, or a pattern RE2 cannot take, is tried
with Python as it is. (One combined
alternation in the `regex` module measured two times slower than trying them one by one.)
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import regex  # type: ignore[import-untyped]  # no stubs; Presidio uses it too
from presidio_analyzer import PatternRecognizer
from presidio_analyzer.predefined_recognizers import IbanRecognizer

from scanners.recognizers.nl import NlIpAddressRecognizer
from scanners.recognizers.nl.pattern_results import FasterPatternRecognizer
from scanners.screen import AnyScreen, PatternScreen

__all__ = ["Prefilter", "prefilter_for"]

# Overrides of `PatternRecognizer.analyze` that only drop or re-score their pattern matches,
# or find the same matches a faster way (BSN, dates, cards… and e-mail addresses).
PATTERN_ONLY_OVERRIDES: tuple[type[PatternRecognizer], ...] = (
    FasterPatternRecognizer,
    NlIpAddressRecognizer,
    IbanRecognizer,
)
_TOKEN = re.compile(r"[^\W\d_]+")

Compiled: TypeAlias = Any  # a re.Pattern[str] or a regex.Pattern[str] (regex ships no types)


@dataclass(frozen=True)
class _Condition:
    """What a text must contain for one recognizer to return anything."""

    entities: tuple[str, ...]
    patterns: tuple[Compiled, ...] = ()
    words: frozenset[str] = frozenset()
    always: bool = False


def _ascii_word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Where one of `words` (or JANSEN for Jansen) can be a whole token of an ASCII text:
    the ASCII words between non-letters, case ignored (a word with other letters can never
    equal an ASCII token)."""
    ascii_words = sorted(w for w in words if w.isascii() and w.isalpha())
    if not ascii_words:
        return re.compile(r"(?!)")
    alternation = "|".join(re.escape(w) for w in sorted(ascii_words, key=len, reverse=True))
    return re.compile(rf"(?:^|[^A-Za-z])(?i:{alternation})(?:[^A-Za-z]|$)", re.MULTILINE)


def _word_variant_in(token: str, words: frozenset[str]) -> bool:
    # JANSEN is tried as Jansen, as the person recognizer does with words in capitals
    return token in words or (token[0] + token[1:].lower()) in words


def _pattern_condition(recognizer: Any) -> _Condition:
    flags: int = recognizer.global_regex_flags or 0
    patterns: list[Any] = list(recognizer.patterns)
    compiled = tuple(regex.compile(p.regex, flags) for p in patterns)
    return _Condition(tuple(recognizer.supported_entities), compiled)


def _condition(recognizer: Any, lemmas: bool) -> _Condition:
    entities = tuple(recognizer.supported_entities)
    candidate_patterns = getattr(recognizer, "candidate_patterns", None)
    if candidate_patterns is not None:
        if lemmas and hasattr(recognizer, "lexicon"):
            return _Condition(entities, always=True)  # a lemma can match where no form does
        candidate_words = getattr(recognizer, "candidate_words", None)
        words = candidate_words() if candidate_words is not None else frozenset()
        return _Condition(entities, tuple(candidate_patterns()), frozenset(words))
    if isinstance(recognizer, PatternRecognizer) and (
        type(recognizer).analyze is PatternRecognizer.analyze
        or isinstance(recognizer, PATTERN_ONLY_OVERRIDES)
    ):
        return _pattern_condition(recognizer)
    return _Condition(entities, always=True)


def _uses_lemmas(analyzer: Any, language: str) -> bool:
    """Whether the spaCy pipeline has components (a blank pipeline's lemma is the word)."""
    pipelines = getattr(analyzer.nlp_engine, "pipelines", None)
    if not isinstance(pipelines, dict) or language not in pipelines:
        return True  # unknown engine: assume lemmas, so lexicons always run
    return bool(pipelines[language].pipe_names)


@dataclass
class Prefilter:
    """The entities whose recognizers could find something in a text (see module docstring).

    Build it with `prefilter_for(analyzer, language)`, which keeps one per analyzer.
    """

    conditions: list[_Condition]
    lemmas: bool = True  # the spaCy pipeline lemmatizes (or is unknown): tokens always matter
    context_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per entity

    def __post_init__(self) -> None:
        patterns = [p for c in self.conditions for p in c.patterns]
        self._owners = [i for i, c in enumerate(self.conditions) for _ in c.patterns]
        self._with_words = [i for i, c in enumerate(self.conditions) if c.words]
        # A word list is screened too, by a pattern that matches at least where one of its
        # words is a whole token of an ASCII text; the tokens are then checked exactly.
        self._word_screens: dict[int, int] = {}  # screen index -> condition index
        for i in self._with_words:
            self._word_screens[len(patterns)] = i
            patterns.append(_ascii_word_pattern(self.conditions[i].words))
            self._owners.append(i)
        self._screen = PatternScreen(patterns)
        self._always = [i for i, c in enumerate(self.conditions) if c.always]
        # For a long text: per condition, its patterns and its word screen in one RE2 regex
        word_screens = {i: patterns[s] for s, i in self._word_screens.items()}
        self._any_screens = [
            (i, AnyScreen([*c.patterns, *([word_screens[i]] if i in word_screens else [])]))
            for i, c in enumerate(self.conditions)
            if not c.always
        ]

    @classmethod
    def build(cls, analyzer: Any, language: str = "nl") -> Prefilter:
        lemmas = _uses_lemmas(analyzer, language)
        recognizers = analyzer.registry.get_recognizers(language=language, all_fields=True)
        conditions = [_condition(r, lemmas) for r in recognizers]
        context_words: dict[str, tuple[str, ...]] = {}
        for recognizer in recognizers:
            own = tuple(word.lower() for word in recognizer.context or ())
            for entity in recognizer.supported_entities:
                context_words[entity] = tuple(dict.fromkeys(context_words.get(entity, ()) + own))
        return cls(conditions, lemmas, context_words)

    def tokens_matter(self, text: str, entities: list[str]) -> bool:
        """Whether scoring what these entities' recognizers find in `text` needs its tokens.

        Presidio raises a score when a context word of the recognizer is part of a word near
        the match, or of a given context word (the column name). If no context word of these
        recognizers occurs in the lower-case text at all, no word of it can hold one (for an
        ASCII text, its lower-case words are pieces of its lower-case form), and the column
        name alone decides: `scanners.scan` then skips spaCy for the value. A lemmatizing
        pipeline always needs the tokens.
        """
        if self.lemmas or not text.isascii():
            return True
        lowered = text.lower()
        return any(w in lowered for e in entities for w in self.context_words.get(e, ()))

    def possible_entities(self, text: str) -> list[str] | None:
        """A superset of `entities(text)` from RE2 alone, for a document, where confirming
        each named pattern in Python would cost what skipping a recognizer saves: one RE2
        regex per condition (`AnyScreen`, cheaper than the set on a text it has not seen);
        None (every entity) for a non-ASCII text, which the screens do not read."""
        if not text.isascii():
            return None
        data = text.encode("ascii")
        held = set(self._always)
        held.update(i for i, screen in self._any_screens if screen.may_match(data))
        return self._entities_of(held)

    def entities(self, text: str) -> list[str]:
        """Entities to ask Presidio for; empty when no recognizer can return anything."""
        held = set(self._always)
        patterns = self._screen.patterns
        named_words: set[int] = set()
        for index in self._screen.candidates(text):
            owner = self._owners[index]
            if index in self._word_screens:
                named_words.add(owner)
            elif owner not in held and patterns[index].search(text):
                held.add(owner)
        unresolved = [i for i in self._with_words if i not in held and i in named_words]
        if unresolved:
            tokens = _TOKEN.findall(text)
            for i in unresolved:
                words = self.conditions[i].words
                if any(_word_variant_in(token, words) for token in tokens):
                    held.add(i)
        return self._entities_of(held)

    def _entities_of(self, held: set[int]) -> list[str]:
        """The entities of the conditions `held`, in the recognizers' order, each once."""
        found: dict[str, None] = {}
        for i in sorted(held):
            found.update(dict.fromkeys(self.conditions[i].entities))
        return list(found)


_BUILT: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Prefilter]] = (
    weakref.WeakKeyDictionary()
)


def prefilter_for(analyzer: Any, language: str = "nl") -> Prefilter:
    """The analyzer's `Prefilter` for `language`, built on first use and kept with it
    (rebuilt when the analyzer's recognizers change)."""
    key = (language, *(id(r) for r in analyzer.registry.recognizers))
    per_analyzer = _BUILT.setdefault(analyzer, {})
    if key not in per_analyzer:
        per_analyzer.clear()
        per_analyzer[key] = Prefilter.build(analyzer, language)
    return per_analyzer[key]
