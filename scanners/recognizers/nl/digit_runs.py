"""Where the digit-based patterns can match, found once per text for all of them.

Every pattern of the BSN, date-of-birth, card, postcode, rijbewijs and A-nummer recognizers
starts with a digit behind a look-behind that refuses a word character (and every digit is
one), so a match starts where a run of digits starts; what follows the run's digits in the
pattern (a separator, a letter, nothing that continues it) fixes the run's length. `re` and
`regex` cannot skip ahead to such a start: they try the look-behind at every position
(~15-30 ns a character). One pass lists the runs of a text by length; each pattern is then
tried (`pattern.match`) only at the starts of runs of its lengths.

A licence plate is a whole run of capitals, digits and dashes (its look-behind and
look-ahead refuse all three), six or eight long: a second list, made when first asked for.

Listing the runs has a cost of its own, about 40 µs a text for the seven recognizers: on a
text shorter than `SHORT_TEXT_CHARS` (a database cell, a table value) each pattern's
`finditer` costs less, so there the patterns are tried everywhere, as Presidio does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any, ClassVar

import regex  # type: ignore[import-untyped]  # no stubs; Presidio matches patterns with it
from presidio_analyzer import Pattern

from scanners.recognizers.last_text import LastText
from scanners.recognizers.nl.pattern_results import FasterPatternRecognizer, Matches, compiled
from scanners.recognizers.starts import matches_from

# A character outside ASCII that `\d` matches (Arabic-Indic, full-width…): where there is
# none, the patterns' `\d` is `[0-9]`, which `regex` finds about twice as fast (`re` finds
# `[A-Z0-9\-]{6,}` faster still). The search skips ahead to non-ASCII characters: ~1 ms a MB.
_NON_ASCII_DIGIT = regex.compile(r"[^\x00-\x7f](?<=\d)")
_ASCII_DIGIT_RUN = regex.compile(r"[0-9]+")
_DIGIT_RUN = regex.compile(r"\d+")
_ASCII_PLATE_RUN = re.compile(r"[A-Z0-9\-]{6,}")
_PLATE_RUN = regex.compile(r"[A-Z\d\-]{6,}")
# Below this length trying the patterns everywhere is faster (measured: 3x on 16-character
# cells, 2x at 64, even at about 250; the runs win on a 400-character letter)
SHORT_TEXT_CHARS = 200


def _starts_by_length(runs: Iterator[Any]) -> defaultdict[int, list[int]]:
    by_length: defaultdict[int, list[int]] = defaultdict(list)
    for run in runs:
        start, end = run.span()
        by_length[end - start].append(start)
    return by_length


class TextRuns:
    """The runs of digits of a text and its plate-like runs, each made when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii_digits = text.isascii() or _NON_ASCII_DIGIT.search(text) is None
        self._digit_runs: defaultdict[int, list[int]] | None = None
        self._plate_runs: defaultdict[int, list[int]] | None = None
        self._starts: dict[tuple[DigitHead | PlateHead, int], list[int]] = {}

    def starts(self, head: DigitHead | PlateHead, flags: int) -> list[int]:
        """Where `head` says its pattern's matches can start; kept, as patterns share heads."""
        key = (head, flags)
        if key not in self._starts:
            self._starts[key] = head.starts(self, flags)
        return self._starts[key]

    def digit_runs(self) -> defaultdict[int, list[int]]:
        """The maximal runs of digits, starts by length."""
        if self._digit_runs is None:
            run = _ASCII_DIGIT_RUN if self.ascii_digits else _DIGIT_RUN
            self._digit_runs = _starts_by_length(run.finditer(self.text))
        return self._digit_runs

    def plate_runs(self) -> defaultdict[int, list[int]]:
        """The maximal runs of six or more capitals, digits and dashes, starts by length."""
        if self._plate_runs is None:
            run = _ASCII_PLATE_RUN if self.ascii_digits else _PLATE_RUN
            self._plate_runs = _starts_by_length(run.finditer(self.text))
        return self._plate_runs


# `TextRuns(text)`, made once for the recognizers that analyze the same text in turn.
runs_of = LastText(TextRuns)


@dataclass(frozen=True)
class DigitHead:
    """A pattern's matches start at a run of one of `lengths` digits, and the character after
    the run matches `then` (a character class) when one is given."""

    lengths: tuple[int, ...]
    then: str | None = None

    def starts(self, runs: TextRuns, flags: int) -> list[int]:
        text, by_length = runs.text, runs.digit_runs()
        if self.then is None:
            return sorted(chain.from_iterable(by_length.get(n, ()) for n in self.lengths))
        then = compiled(self.then, flags)
        after = {text[s + n : s + n + 1] for n in self.lengths for s in by_length.get(n, ())}
        taken = frozenset(char for char in after if then.match(char) is not None)
        runs_then = (
            s
            for n in self.lengths
            for s in by_length.get(n, ())
            if text[s + n : s + n + 1] in taken
        )
        return sorted(runs_then)


@dataclass(frozen=True)
class PlateHead:
    """A pattern's matches are whole plate-like runs of `length` characters."""

    length: int

    def starts(self, runs: TextRuns, flags: int) -> list[int]:
        return runs.plate_runs().get(self.length, [])


class DigitPatternRecognizer(FasterPatternRecognizer):
    """A `PatternRecognizer` whose own patterns are tried only where their `HEADS` say.

    `HEADS` maps each own pattern's regex to where its matches start; they hold with the
    flags of `HEAD_FLAGS` (any subset). Other patterns or flags take Presidio's way.
    """

    patterns: list[Pattern]  # set by `PatternRecognizer.__init__`, typed here for mypy
    HEADS: ClassVar[Mapping[str, DigitHead | PlateHead]] = {}
    HEAD_FLAGS: ClassVar[int] = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL

    def faster_matches(self, text: str, flags: int) -> Matches | None:
        """Each own pattern tried only at its heads (everywhere in a short text)."""
        if flags & ~self.HEAD_FLAGS or not all(p.regex in self.HEADS for p in self.patterns):
            return None
        if len(text) < SHORT_TEXT_CHARS:
            return _everywhere
        runs = runs_of(text)

        def matches(pattern: Any, text: str) -> Iterable[Any]:
            return matches_from(pattern, text, runs.starts(self.HEADS[pattern.pattern], flags))

        return matches


def _everywhere(pattern: Any, text: str) -> Iterable[Any]:
    found: Iterable[Any] = pattern.finditer(text)  # Presidio's own search
    return found
