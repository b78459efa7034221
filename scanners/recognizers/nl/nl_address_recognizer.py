"""Dutch street addresses: a street name and a house number with its addition."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import regex  # type: ignore[import-untyped]  # no stubs; Presidio matches patterns with it
from presidio_analyzer import Pattern

from scanners.recognizers.nl.pattern_results import FasterPatternRecognizer, Matches, compiled
from scanners.recognizers.starts import matches_from

# Endings of Dutch street names (Kerkstraat, Stationsweg, Prinses Beatrixlaan…), longest first
# in the regex so "straatweg" is not cut short.
STREET_SUFFIXES: tuple[str, ...] = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad", "hof",
    "steeg", "dreef", "park", "baan", "erf", "wal", "markt", "haven", "dam", "vest", "veld",
    "brink", "plantsoen", "kanaal", "boulevard", "allee", "oever", "wetering", "hoven",
    "akker", "zoom", "burcht", "sluis", "poort", "rede", "wijk", "ring", "pier", "tuin",
    "hout", "vaart", "kwartier", "lei", "gang", "hage", "dal", "berg", "polder",
)  # fmt: skip
# Street words that stand as a capitalised word after a name part ("Oude Gracht", "Grote
# Markt") or before one ("Laan van Meerdervoort"); `STANDALONE_STREETS` are whole street names
# in many towns ("Markt 1", "Brink 4").
STREET_WORDS: tuple[str, ...] = (
    "Straat", "Weg", "Laan", "Plein", "Gracht", "Kade", "Singel", "Dijk", "Markt", "Haven",
    "Dam", "Brink", "Vest", "Plantsoen", "Boulevard", "Esplanade", "Promenade", "Passage",
    "Ring", "Hof", "Wal", "Dreef", "Kanaal", "Oever", "Rading", "Voorstraat", "Herengracht",
)  # fmt: skip
STANDALONE_STREETS: tuple[str, ...] = (
    "Markt", "Brink", "Dam", "Plein", "Boulevard", "Esplanade", "Plantsoen", "Promenade",
)  # fmt: skip
# Lower-case words inside street names: Burgemeester de Monchyplein, Laan van Meerdervoort.
_CONNECTOR_WORDS: tuple[str, ...] = (
    "van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "op", "aan", "bij", "in", "en",
    "la", "le", "du",
)  # fmt: skip
_CONNECTORS = "(?:" + "|".join(_CONNECTOR_WORDS) + ")"
_FIRST_PART = r"(?:[A-Z][\w'.\-]*|\d{1,2}e|'s-?[A-Z][\w\-]*)"  # a street never starts lower-case
_NAME_PART = r"(?:[A-Z][\w'.\-]*|\d{1,2}e|" + _CONNECTORS + r")"
_SUFFIX = "(?:" + "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True)) + ")"
_WORD = "(?:" + "|".join(sorted(STREET_WORDS, key=len, reverse=True)) + ")"
_STANDALONE = "(?:" + "|".join(STANDALONE_STREETS) + ")"
_STREET = (  # Kerkstraat, Oude Gracht, Laan van Meerdervoort, Markt
    r"(?<![\w\-'])(?:"
    rf"(?:{_FIRST_PART}(?:\s+{_NAME_PART}){{0,2}}\s+)?(?:'s-)?[A-Z][a-zà-ÿ'\-]*{_SUFFIX}"
    rf"|{_FIRST_PART}(?:\s+{_NAME_PART}){{0,2}}\s+{_WORD}"
    rf"|{_WORD}(?:\s+{_CONNECTORS})+(?:\s+[A-Z][\w'\-]*){{1,2}}"
    rf"|{_STANDALONE}"
    r")"
)
# House number 1–99999 plus an addition: 12a, 12 A, 12-2, 12-III, 12 bis, 12 hs, 12-1hg.
_ADDITION = (
    r"(?:\s?[A-Za-z](?![\w])"
    r"|\s?-\s?(?:\d{1,4}|[IVX]{1,4}|[A-Za-z]{1,2}\d{0,3})(?:\s?(?:hg|hs|bg|rd|zw|bis))?"
    r"|\s(?:bis|hs|hg|bg|huis|boven|beneden|zw|rd|[IVX]{1,4})(?![\w]))"
)
_NUMBER_ITSELF = r"[1-9]\d{0,4}" + _ADDITION + r"?(?![\w\-]|[.,]\d)"
_NUMBER = r"\s+" + _NUMBER_ITSELF
# What raises the score: a postcode or "te <Plaats>"/", <Plaats>" right after the number.
_NEARBY = r"(?=,?\s+(?:[1-9]\d{3}\s?[A-Z]{2}(?![\w])|te\s+[A-Z']))"

# -- where a match can start -----------------------------------------------------------------
# Every pattern is `_STREET + _NUMBER + ...`: at most four words that are not connectors, the
# words separated by white space and made of word characters, ' . - and à-ÿ only, then white
# space and a house number. The last word of every street form (a suffix or street word, a
# capitalised name) holds a capital followed by such characters only, right before that white
# space. Trying a pattern only at the street-like starts in front of such house numbers finds
# the matches `finditer` finds: the same regexes (`regex`, as Presidio), a fraction of the
# attempts.
_STREET_WORDS_MAX = 4
# A capital, the rest of its word, white space and a digit: where a house number can follow a
# street. A start with a capital is found fast; a hit can share its digit with no other, as a
# later capital of the same word reaches the same digit.
_CAPITAL_WORD_THEN_DIGIT = regex.compile(r"[A-Z][\w'\-\u00e0-\u00ff]*\s+[1-9]")
_HOUSE_NUMBER = regex.compile(rf"(?<=\s)(?={_NUMBER_ITSELF})")
_WORD_BEFORE = regex.compile(r"(?r)\S+")  # searched backwards: the last word before a position
_NOT_STREET_CHAR = regex.compile(r"(?r)[^\w\s'.\-\u00e0-\u00ff]")  # the last such char
_STREET_START = regex.compile(r"(?<![\w\-'])(?=[A-Z]|'s|\d\d?e\s)")  # how `_STREET` begins
_STREET_START_AHEAD = 4  # characters `_STREET_START` looks at


def house_numbers(text: str) -> list[int]:
    """Where a house number of `_STREET + _NUMBER` can start, in order."""
    digits = (hit.end() - 1 for hit in _CAPITAL_WORD_THEN_DIGIT.finditer(text))
    return [digit for digit in digits if _HOUSE_NUMBER.match(text, digit) is not None]


def _street_window(text: str, number: int) -> tuple[int, int]:
    """The span in front of the house number at `number` where its street can start."""
    end = start = number
    words = 0
    while words < _STREET_WORDS_MAX:
        word = _WORD_BEFORE.search(text, 0, start)
        if word is None:
            break
        if end == number:
            end = word.end()
        outside = _NOT_STREET_CHAR.search(text, word.start(), word.end())
        if outside is not None:
            return outside.end(), end  # a street has no such char: it starts after it
        start = word.start()
        words += word.group() not in _CONNECTOR_WORDS
    return start, end


def street_starts(text: str) -> list[int]:
    """Every position where `_STREET + _NUMBER` can match (and more), in order."""
    windows = sorted(_street_window(text, number) for number in house_numbers(text))
    starts: list[int] = []
    done = 0
    for start, end in windows:
        start = max(start, done)
        if start < end:
            found = _STREET_START.finditer(text, start, end + _STREET_START_AHEAD)
            starts.extend(m.start() for m in found if m.start() < end)
            done = end
    return starts


class NlAddressRecognizer(FasterPatternRecognizer):
    """Recognize a Dutch address: a street name (suffix list or street word) and a house number
    with its addition (12, 12a, 12-2, 12 bis, 12 hs, 12-III).

    Street and number alone score 0.5; followed by a postcode or "te <Plaats>" 0.8. Context
    words (adres, woonadres, straat, huisnummer…) add 0.35. Street names must start with a
    capital, so "de weg 12 km" is not an address, but a capitalised "Weg 12" at the start of a
    sentence is one: an accepted false positive of the plain street-word form.
    """

    patterns: list[Pattern]  # set by `PatternRecognizer.__init__`, typed here for mypy
    name: str

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Straat + huisnummer + postcode/plaats", _STREET + _NUMBER + _NEARBY, 0.8),
        Pattern("Straat + huisnummer", _STREET + _NUMBER, 0.5),
    ]
    # Presidio matches context words as substrings of the nearby tokens, the match itself
    # included: "straat" would boost every Kerkstraat, so only longer words stand here.
    CONTEXT: ClassVar[list[str]] = [
        "adres",
        "woonadres",
        "postadres",
        "verblijfadres",
        "straatnaam",
        "huisnummer",
        "woonachtig",
        "wonend",
        "woont",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "ADDRESS",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
            global_regex_flags=re.MULTILINE,  # no IGNORECASE (capitals mark names), no DOTALL
        )

    def candidate_patterns(self) -> list[Any]:
        """What a text must contain for `analyze` to find anything (`scanners.prefilter`):
        a street and a house number, which every match of the own patterns starts with (one
        search instead of two); other patterns are their own condition."""
        flags = self.global_regex_flags or 0
        if not self._street_patterns_only():
            return [compiled(p.regex, flags) for p in self.patterns]
        return [compiled(_STREET + _NUMBER, flags)]

    def faster_matches(self, text: str, flags: int) -> Matches | None:
        """Each pattern tried only at `street_starts`."""
        if not self._street_patterns_only():
            return None
        starts = street_starts(text)
        return lambda pattern, text: matches_from(pattern, text, starts)

    def _street_patterns_only(self) -> bool:
        """Whether every pattern starts as the own ones do (`street_starts` holds for it)."""
        return all(p.regex.startswith(_STREET + _NUMBER) for p in self.patterns)
